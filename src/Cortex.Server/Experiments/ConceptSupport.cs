using Cortex.Compute.Concepts;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;
using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>Builds a concept's support set from its document, deterministically from the experiment's seed.</summary>
public static class ConceptSupport
{
    public static SupportSet Build(BuiltInModel model, ConceptDocument concept, int count, int seed)
    {
        var world = ClassTable.All[concept.ClassId];
        var renderer = new Renderer(model.World.Unbiased);
        return concept.Source switch
        {
            ConceptSource.Generated => SupportSets.Generate(model, world, count, seed, model.Card.Sampling),
            ConceptSource.Encoded => SupportSets.Encode(model, renderer, world, count, seed),
            ConceptSource.Filter => SupportSets.EncodeWhere(model, renderer, world, count, seed,
                image => string.Equals(image.Background.ToString(), concept.Background, StringComparison.OrdinalIgnoreCase)),
            _ => throw new ArgumentOutOfRangeException(nameof(concept), concept.Source, null),
        };
    }
}
