using Cortex.Compute.Evaluation;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>
/// The paper protocol's shortcut review: the token set that separates the concept as generated from
/// the concept as rendered (<see cref="ShortcutReview.GeneratedVersusReal"/>), reviewed with
/// <see cref="ShortcutReview.Review"/>; a control concept without a planted shortcut gets the same.
/// </summary>
static class ShortcutStage
{
    const string Control = "blue square";
    const int TokenSetSize = 10;

    public static ShortcutReport Run(BuiltInModel model, PaperData data, PaperOptions options, CancellationToken cancellationToken)
    {
        var world = model.World;
        var shortcut = ClassTable.All[world.ShortcutClass];
        var control = ClassTable.ByName(Control);
        var (tokens, evidence) = Review(model, data, shortcut, options, cancellationToken);
        var (_, controlEvidence) = Review(model, data, control, options, cancellationToken);
        return new ShortcutReport(shortcut.Name, world.ShortcutBackground.ToString(), tokens,
            evidence.CliffsDelta[world.ShortcutBackground], evidence.BackgroundFraction,
            control.Name, controlEvidence.CliffsDelta[world.ShortcutBackground], controlEvidence.BackgroundFraction);
    }

    static (IReadOnlyList<long> Tokens, ShortcutEvidence Evidence) Review(BuiltInModel model, PaperData data, ConceptClass concept,
        PaperOptions options, CancellationToken cancellationToken)
    {
        var set = ShortcutReview.GeneratedVersusReal(model, data.Generated[concept.Id], concept, options.ConceptTopN, TokenSetSize,
            options.ExtractorTraining, options.Importance, options.Seed, cancellationToken).Select(c => c.Token).ToList();
        return (set, ShortcutReview.Review(model, set, concept, options.ShortcutImages, options.Seed));
    }
}
