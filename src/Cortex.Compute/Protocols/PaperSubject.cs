using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>A concept of the protocol: a class of the model's prior, which the evaluators know by the same id.</summary>
public sealed record PaperConcept(string Name, int ClassId);

/// <summary>A codebook-level edit from one concept to another (indices into <see cref="PaperSubject.Concepts"/>), in the source's top TIS positions or over the whole grid.</summary>
public sealed record CodebookPlan(int Source, int Target, string Kind, bool WholeGrid);

/// <summary>
/// What the paper protocol studies: a VQGM whose prior generates the support sets, the independent
/// evaluators that judge its images, the concepts (the extractors' classes, in order), the codebook-level
/// pairs, and — for a built-in model only — the procedural world that knows the ground truth.
/// </summary>
public sealed record PaperSubject
{
    /// <summary>The built-in world's codebook-level pairs: two fine-grained neighbours (edited where the marking lives) and a distant pair.</summary>
    static readonly IReadOnlyList<(string Source, string Target, bool Fine)> BuiltInPairs =
    [
        ("purple square with dot", "purple square with bar", true),
        ("green circle with dot", "green circle with bar", true),
        ("blue square", "orange circle", false),
    ];

    public required IVqModel Model { get; init; }
    public required IReadOnlyList<IEvaluator> Evaluators { get; init; }
    public required IReadOnlyList<PaperConcept> Concepts { get; init; }
    public required PriorSampling Sampling { get; init; }
    public required IReadOnlyList<CodebookPlan> CodebookPairs { get; init; }

    /// <summary>The built-in model whose world renders images with ground truth (localization, shortcut review), or null.</summary>
    public BuiltInModel? World { get; init; }

    /// <summary>Every class of the built-in world, its evaluators, and its fine-grained and distant pairs; puts the model in inference mode.</summary>
    public static PaperSubject BuiltIn(BuiltInModel model)
    {
        model.Eval();
        return new PaperSubject
        {
            Model = model,
            Evaluators = model.Judges,
            Concepts = ClassTable.All.Select(c => new PaperConcept(c.Name, c.Id)).ToList(),
            Sampling = model.Card.Sampling,
            CodebookPairs = BuiltInPairs.Select(p => new CodebookPlan(ClassTable.ByName(p.Source).Id, ClassTable.ByName(p.Target).Id,
                p.Fine ? "fine-grained" : "distant", WholeGrid: !p.Fine)).ToList(),
            World = model,
        };
    }

    /// <summary>
    /// A model without ground truth: support sets come from its prior for <paramref name="concepts"/>;
    /// each concept is edited toward the next one (the last toward the first), at most three pairs, in
    /// the source image's top TIS positions since no class is known to be a fine-grained neighbour.
    /// </summary>
    public static PaperSubject WithoutGroundTruth(IVqModel model, IReadOnlyList<IEvaluator> evaluators, IReadOnlyList<PaperConcept> concepts, PriorSampling sampling)
    {
        if (model.Prior is null) throw new ArgumentException($"Model '{model.Name}' has no class-conditional prior to generate support sets with.");
        if (concepts.Count < 2) throw new ArgumentException($"The protocol needs at least two concepts for its extractors to tell apart, not {concepts.Count}.");
        if (evaluators.Count == 0) throw new ArgumentException("The protocol needs at least one evaluator to judge the images.");
        var outside = concepts.Where(c => c.ClassId < 0 || c.ClassId >= model.Prior.Classes).Select(c => c.ClassId).ToList();
        if (outside.Count > 0) throw new ArgumentException($"Class {string.Join(", ", outside)} is not a class of the prior (0..{model.Prior.Classes - 1}).");
        sampling.Validate(model.CodebookSize);
        return new PaperSubject
        {
            Model = model,
            Evaluators = evaluators,
            Concepts = concepts,
            Sampling = sampling,
            CodebookPairs = Enumerable.Range(0, Math.Min(concepts.Count, 3)).Select(i => new CodebookPlan(i, (i + 1) % concepts.Count, "chosen classes", WholeGrid: false)).ToList(),
        };
    }
}
