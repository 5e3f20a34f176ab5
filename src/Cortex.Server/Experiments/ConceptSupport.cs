using Cortex.Compute.Concepts;
using Cortex.Compute.Imaging;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;
using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>Builds a concept's support set from its document, deterministically from the experiment's seed.</summary>
public static class ConceptSupport
{
    public static SupportSet Build(BuiltInModel model, ConceptDocument concept, int count, int seed, ConceptImageStore images)
    {
        var renderer = new Renderer(model.World.Unbiased);
        return concept.Source switch
        {
            ConceptSource.Generated => SupportSets.Generate(model, ClassTable.All[concept.ClassId], count, seed, model.Card.Sampling),
            ConceptSource.Encoded => SupportSets.Encode(model, renderer, ClassTable.All[concept.ClassId], count, seed),
            ConceptSource.Filter => SupportSets.EncodeWhere(model, renderer, ClassTable.All[concept.ClassId], count, seed,
                image => string.Equals(image.Background.ToString(), concept.Background, StringComparison.OrdinalIgnoreCase)),
            ConceptSource.Uploaded => Uploaded(model, concept, count, images),
            _ => throw new ArgumentOutOfRangeException(nameof(concept), concept.Source, null),
        };
    }

    /// <summary>The first <paramref name="count"/> uploaded images, whatever the seed: a person chose them and their order.</summary>
    static SupportSet Uploaded(BuiltInModel model, ConceptDocument concept, int count, ConceptImageStore images)
    {
        var stored = images.ReadFirst(concept.Id, count);
        if (stored.Count < count)
            throw new ArgumentException($"'{concept.Name}' holds {stored.Count} uploaded images; {count} were asked for. Upload more or ask for fewer.");
        var pixels = stored.Select((png, i) => ImageImport.Read($"Stored image {i} of '{concept.Name}'", png, model.ImageSize))
            .Select(image => image.Chw ?? throw new InvalidDataException(image.Rejection))
            .ToList();
        return SupportSets.EncodeImages(model, concept.Name, concept.ClassId, pixels);
    }
}
