using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The paper protocol's shortcut review (<see cref="ShortcutReview"/>) of the planted shortcut
/// concept's TIS token set, and of a control concept's.
/// </summary>
static class ShortcutStage
{
    const string Control = "blue square";
    const int TokenSetSize = 10;

    public static ShortcutReport Run(BuiltInModel model, Module<Tensor, Tensor> extractor, PaperData data, PaperOptions options)
    {
        var world = model.World;
        var shortcut = ClassTable.All[world.ShortcutClass];
        var control = ClassTable.ByName(Control);
        var (tokens, evidence) = Review(model, extractor, data, shortcut, options);
        var (_, controlEvidence) = Review(model, extractor, data, control, options);
        return new ShortcutReport(shortcut.Name, world.ShortcutBackground.ToString(), tokens,
            evidence.CliffsDelta[world.ShortcutBackground], evidence.BackgroundFraction,
            control.Name, controlEvidence.CliffsDelta[world.ShortcutBackground], controlEvidence.BackgroundFraction);
    }

    static (IReadOnlyList<long> Tokens, ShortcutEvidence Evidence) Review(BuiltInModel model, Module<Tensor, Tensor> extractor, PaperData data,
        ConceptClass concept, PaperOptions options)
    {
        var support = data.Generated[concept.Id];
        using var labels = full(support.Count, concept.Id, dtype: ScalarType.Int64, device: model.Device);
        using var scores = AttributionStage.Scores(extractor, model, support.Tokens, labels, options.Importance);
        var tokens = ConceptTokenSet.Compute(support.Tokens, scores.Scores, options.ConceptTopN, TokenSetSize).Select(c => c.Token).ToList();
        return (tokens, ShortcutReview.Review(model, tokens, concept, options.ShortcutImages, options.Seed));
    }
}
