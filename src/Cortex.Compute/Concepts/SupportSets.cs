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
        using var classIds = full(count, classId, dtype: ScalarType.Int64, device: model.Device);
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
        var chunks = new List<Tensor>();
        using (no_grad())
        {
            for (var start = 0; start < count; start += EncodeChunk)
            {
                using var pixels = WorldBatch.Stack(images.Skip(start).Take(EncodeChunk).ToList()).to(model.Device);
                chunks.Add(model.Encode(pixels));
            }
        }
        var tokens = cat(chunks, 0);
        foreach (var chunk in chunks) chunk.Dispose();
        return new SupportSet(concept.Name, concept.Id, SupportSource.Encoded, tokens, images);
    }

    static void CheckCount(int count)
    {
        if (count < 1) throw new ArgumentException($"A support set needs at least one image; count was {count}.", nameof(count));
    }
}
