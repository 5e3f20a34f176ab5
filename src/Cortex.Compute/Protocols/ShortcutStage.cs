using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Importance;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Shortcut review on the planted shortcut. The shortcut concept's token set comes from TIS on its
/// generated images. Then, on rendered images of every OTHER class, per image count the positions that
/// hold one of those tokens, and compare images on the planted background with images on the others
/// (Cliff's delta): if the concept's tokens mark the background, the planted group scores higher. Also,
/// on the concept's own encoded images (biased world, with ground truth), the share of those token
/// positions whose patch shows no object pixel. A control concept gets the same treatment.
/// </summary>
static class ShortcutStage
{
    const string Control = "blue square";

    public static ShortcutReport Run(BuiltInModel model, Module<Tensor, Tensor> extractor, PaperData data, PaperOptions options)
    {
        var world = model.World;
        var shortcut = ClassTable.All[world.ShortcutClass];
        var control = ClassTable.ByName(Control);
        var (tokens, delta, background) = Review(model, extractor, data, shortcut, options);
        var (_, controlDelta, controlBackground) = Review(model, extractor, data, control, options);
        return new ShortcutReport(shortcut.Name, world.ShortcutBackground.ToString(), tokens, delta, background, control.Name, controlDelta, controlBackground);
    }

    static (IReadOnlyList<long> Tokens, double Delta, double BackgroundFraction) Review(BuiltInModel model, Module<Tensor, Tensor> extractor,
        PaperData data, ConceptClass concept, PaperOptions options)
    {
        var support = data.Generated[concept.Id];
        using var labels = full(support.Count, concept.Id, dtype: ScalarType.Int64, device: model.Device);
        using var scores = AttributionStage.Scores(extractor, model, support.Tokens, labels, options.Importance);
        var tokenSet = ConceptTokenSet.Compute(support.Tokens, scores.Scores, options.ConceptTopN, tokenNum: 10).Select(c => c.Token).ToList();
        var set = tokenSet.ToHashSet();

        var world = model.World;
        var renderer = new Renderer(world.Unbiased);
        var others = Enumerable.Range(0, options.ShortcutImages * 4)
            .Select(i => renderer.Render(options.Seed + 303, i))
            .Where(image => image.ClassId != concept.Id)
            .Take(options.ShortcutImages)
            .ToList();
        using var pixels = WorldBatch.Stack(others).to(model.Device);
        using var otherTokens = Encode(model, pixels);
        var counts = Masking.PositionsOf(otherTokens, set).Select(p => (double)p.Length).ToList();
        var planted = others.Select((image, i) => (image, i)).Where(x => x.image.Background == world.ShortcutBackground).Select(x => counts[x.i]).ToList();
        var rest = others.Select((image, i) => (image, i)).Where(x => x.image.Background != world.ShortcutBackground).Select(x => counts[x.i]).ToList();

        var biased = new Renderer(world);
        using var own = SupportSets.Encode(model, biased, concept, options.EncodedPerClass, options.Seed + 404);
        var positions = Masking.PositionsOf(own.Tokens, set);
        int onBackground = 0, total = 0;
        for (var i = 0; i < positions.Count; i++)
            foreach (var p in positions[i])
            {
                total++;
                if (!GridPatches.Touches(own.GroundTruth![i].ObjectMask, (int)p, model.GridSize, model.ImageSize)) onBackground++;
            }
        return (tokenSet, Math.Round(Statistics.CliffsDelta(planted, rest), 4), total == 0 ? 0 : Math.Round((double)onBackground / total, 4));
    }

    static Tensor Encode(BuiltInModel model, Tensor pixels)
    {
        using var _ = no_grad();
        return model.Encode(pixels);
    }
}
