using Cortex.Compute.Concepts;
using Cortex.Compute.Imaging;
using Cortex.Compute.World;

namespace Cortex.Compute.Runs;

/// <summary>Builds a concept's support set, deterministically from the run's seed.</summary>
public static class ConceptSupport
{
    public static SupportSet Build(RunModel hosted, RunConcept concept, int count, int seed)
    {
        var model = hosted.Model;
        return concept.Origin switch
        {
            ConceptOrigin.Generated => SupportSets.Generate(model, concept.Name, concept.ClassId, count, seed, hosted.Sampling),
            ConceptOrigin.Encoded => SupportSets.Encode(model, Renderer(hosted, concept), ClassTable.All[concept.ClassId], count, seed),
            ConceptOrigin.Filter => SupportSets.EncodeWhere(model, Renderer(hosted, concept), ClassTable.All[concept.ClassId], count, seed,
                image => string.Equals(image.Background.ToString(), concept.Background, StringComparison.OrdinalIgnoreCase)),
            ConceptOrigin.Uploaded => Uploaded(hosted, concept, count),
            _ => throw new ArgumentOutOfRangeException(nameof(concept), concept.Origin, null),
        };
    }

    /// <summary>Rendered images come from the built-in model's world, the only one with a renderer.</summary>
    static Renderer Renderer(RunModel hosted, RunConcept concept) =>
        new((hosted.World ?? throw new InvalidOperationException($"'{concept.Name}' encodes rendered images, which only the built-in model's world provides.")).World.Unbiased);

    /// <summary>The first <paramref name="count"/> uploaded images, whatever the seed: a person chose them and their order.</summary>
    static SupportSet Uploaded(RunModel hosted, RunConcept concept, int count)
    {
        if (concept.Uploaded.Count < count)
            throw new ArgumentException($"'{concept.Name}' holds {concept.Uploaded.Count} uploaded images; {count} were asked for. Upload more or ask for fewer.");
        var pixels = concept.Uploaded.Take(count).Select((png, i) => ImageImport.Read($"Stored image {i} of '{concept.Name}'", png, hosted.Model.ImageSize))
            .Select(image => image.Chw ?? throw new InvalidDataException(image.Rejection))
            .ToList();
        return SupportSets.EncodeImages(hosted.Model, concept.Name, concept.ClassId, pixels);
    }
}
