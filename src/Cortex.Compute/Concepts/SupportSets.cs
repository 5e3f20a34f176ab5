using Cortex.Compute.Models;
using Cortex.Compute.World;

namespace Cortex.Compute.Concepts;

/// <summary>Builds support sets, deterministically from a seed.</summary>
public static class SupportSets
{
    const int EncodeChunk = 256;

    /// <summary><paramref name="count"/> token grids sampled from the prior for the concept's class.</summary>
    public static SupportSet Generate(IVqModel model, ConceptClass concept, int count, int seed, PriorSampling sampling) =>
        Generate(model, concept.Name, concept.Id, count, seed, sampling);

    /// <summary><paramref name="count"/> token grids sampled from the prior for class <paramref name="classId"/>, named <paramref name="concept"/>.</summary>
    public static SupportSet Generate(IVqModel model, string concept, int classId, int count, int seed, PriorSampling sampling)
    {
        CheckCount(count);
        var prior = model.Prior ?? throw new ArgumentException($"Model '{model.Name}' has no prior, so it cannot generate a support set; encode images instead.");
        if (classId >= prior.Classes) throw new ArgumentException($"The prior knows {prior.Classes} classes; '{concept}' is class {classId}.");
        using var generator = new Generator((ulong)(seed * 7919L + classId), model.Device);
        using var classIds = TensorMath.Repeated(count, classId, model.Device);
        using var _ = no_grad();
        return new SupportSet(concept, classId, SupportSource.Generated, prior.Sample(classIds, sampling, generator), null);
    }

    /// <summary><paramref name="count"/> rendered images of the concept's class, encoded with the tokenizer, with their ground truth.</summary>
    public static SupportSet Encode(IVqModel model, Renderer renderer, ConceptClass concept, int count, int seed) =>
        EncodeWhere(model, renderer, concept, count, seed, _ => true);

    /// <summary>
    /// Like <see cref="Encode"/>, keeping only rendered images that satisfy <paramref name="keep"/> (e.g. one
    /// background): a filtered concept. Gives up after 50·count renders.
    /// </summary>
    public static SupportSet EncodeWhere(IVqModel model, Renderer renderer, ConceptClass concept, int count, int seed, Func<RenderedImage, bool> keep)
    {
        CheckCount(count);
        var images = Enumerable.Range(0, 50 * count).Select(i => renderer.Render(seed, i, concept.Id)).Where(keep).Take(count).ToList();
        if (images.Count < count)
            throw new ArgumentException($"Only {images.Count} of {50 * count} rendered images of '{concept.Name}' pass the filter; {count} were asked for.");
        var tokens = EncodeInChunks(model, count, (start, take) => WorldBatch.Stack(images.Skip(start).Take(take).ToList()));
        return new SupportSet(concept.Name, concept.Id, SupportSource.Encoded, tokens, images);
    }

    /// <summary>
    /// Supplied images (CHW, values in [-1, 1], at the model's size), encoded with the tokenizer.
    /// <paramref name="classId"/> is the world class they show, or −1 for none.
    /// </summary>
    public static SupportSet EncodeImages(IVqModel model, string concept, int classId, IReadOnlyList<float[]> images)
    {
        CheckCount(images.Count);
        var size = model.ImageSize;
        if (images.FirstOrDefault(image => image.Length != 3 * size * size) is { } wrong)
            throw new ArgumentException($"Images must be 3×{size}×{size} for model '{model.Name}'; one has {wrong.Length} values.", nameof(images));
        var tokens = EncodeInChunks(model, images.Count, (start, take) => tensor(images.Skip(start).Take(take).SelectMany(image => image).ToArray(), [take, 3, size, size]));
        return new SupportSet(concept, classId, SupportSource.Uploaded, tokens, null);
    }

    /// <summary>Token grids [count, H, W] of <paramref name="count"/> images, built and encoded a chunk at a time so memory stays bounded.</summary>
    static Tensor EncodeInChunks(IVqModel model, int count, Func<int, int, Tensor> pixels)
    {
        var chunks = new List<Tensor>();
        using (no_grad())
        {
            for (var start = 0; start < count; start += EncodeChunk)
            {
                using var batch = pixels(start, Math.Min(EncodeChunk, count - start)).to(model.Device);
                chunks.Add(model.Encode(batch));
            }
        }
        var tokens = cat(chunks, 0);
        foreach (var chunk in chunks) chunk.Dispose();
        return tokens;
    }

    static void CheckCount(int count)
    {
        if (count < 1) throw new ArgumentException($"A support set needs at least one image; count was {count}.", nameof(count));
    }
}
