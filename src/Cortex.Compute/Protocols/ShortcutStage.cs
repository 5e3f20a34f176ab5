using Cortex.Compute.Evaluation;
using Cortex.Compute.Quality;
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
        var planted = Review(model, data, ClassTable.All[world.ShortcutClass], options, cancellationToken);
        var control = Review(model, data, ClassTable.ByName(Control), options, cancellationToken);
        return new ShortcutReport(world.ShortcutBackground.ToString(), ShortcutReview.MediumEffect, ShortcutReview.Alpha, ShortcutReview.Permutations, planted, control);
    }

    static ShortcutConceptReport Review(BuiltInModel model, PaperData data, ConceptClass concept, PaperOptions options, CancellationToken cancellationToken)
    {
        var set = ShortcutReview.GeneratedVersusReal(model, data.Generated[concept.Id], concept, options.ConceptTopN, TokenSetSize,
            options.ExtractorTraining, options.Importance, options.Seed, cancellationToken).Select(c => c.Token).ToList();
        var evidence = ShortcutReview.Review(model, set, concept, options.ShortcutImages, options.Seed);
        return new ShortcutConceptReport(concept.Name, set, evidence.BackgroundFraction, OnBackground(model, data.Generated[concept.Id], model.World.ShortcutBackground),
            evidence.Backgrounds.ToDictionary(b => b.Key.ToString(), b => b.Value));
    }

    /// <summary>What the generator really does, read from its decoded images: the share on <paramref name="background"/>.</summary>
    static double OnBackground(BuiltInModel model, Concepts.SupportSet generated, Background background)
    {
        using var _ = no_grad();
        using var decoded = model.Decode(generated.Tokens);
        return Math.Round(BackgroundReader.Read(decoded).Count(b => b == background) / (double)generated.Count, 4);
    }
}
