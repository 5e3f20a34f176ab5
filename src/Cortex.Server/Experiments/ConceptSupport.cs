using Cortex.Compute.Concepts;
using Cortex.Compute.Imaging;
using Cortex.Compute.World;
using Cortex.Server.Models;
using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>Builds a concept's support set from its document, deterministically from the experiment's seed.</summary>
public static class ConceptSupport
{
    public static SupportSet Build(HostedModel hosted, ConceptDocument concept, int count, int seed, ConceptImageStore images)
    {
        var model = hosted.Model;
        return concept.Source switch
        {
            ConceptSource.Generated => SupportSets.Generate(model, concept.Name, concept.ClassId, count, seed, hosted.Sampling),
            ConceptSource.Encoded => SupportSets.Encode(model, Renderer(hosted, concept), ClassTable.All[concept.ClassId], count, seed),
            ConceptSource.Filter => SupportSets.EncodeWhere(model, Renderer(hosted, concept), ClassTable.All[concept.ClassId], count, seed,
                image => string.Equals(image.Background.ToString(), concept.Background, StringComparison.OrdinalIgnoreCase)),
            ConceptSource.Uploaded => Uploaded(hosted, concept, count, images),
            _ => throw new ArgumentOutOfRangeException(nameof(concept), concept.Source, null),
        };
    }

    /// <summary>Rendered images come from the built-in model's world, the only one with a renderer.</summary>
    static Renderer Renderer(HostedModel hosted, ConceptDocument concept) =>
        new((hosted.World ?? throw new InvalidOperationException($"'{concept.Name}' encodes rendered images, which only the built-in model's world provides.")).World.Unbiased);

    /// <summary>The first <paramref name="count"/> uploaded images, whatever the seed: a person chose them and their order.</summary>
    static SupportSet Uploaded(HostedModel hosted, ConceptDocument concept, int count, ConceptImageStore images)
    {
        var stored = images.ReadFirst(concept.Id, count);
        if (stored.Count < count)
            throw new ArgumentException($"'{concept.Name}' holds {stored.Count} uploaded images; {count} were asked for. Upload more or ask for fewer.");
        var pixels = stored.Select((png, i) => ImageImport.Read($"Stored image {i} of '{concept.Name}'", png, hosted.Model.ImageSize))
            .Select(image => image.Chw ?? throw new InvalidDataException(image.Rejection))
            .ToList();
        return SupportSets.EncodeImages(hosted.Model, concept.Name, concept.ClassId, pixels);
    }
}
