using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using Cortex.Compute.World;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Localization on the encoded rendered images (METHOD.md §7): each method's top-k positions against the
/// concept's ground-truth region (the marking for fine-grained classes, else the object) under the lenient
/// and the strict criterion, and what keeps precision down — the region's size against a cell, the
/// extractor's mistakes, the reduction over D, k, and the extractor.
/// </summary>
static class LocalizationStage
{
    static readonly int[] Ks = [1, 2, 4, 8];
    /// <summary>The reduction and extractor studies rerun TIS, so they use every this-many-th image to stay within the time budget.</summary>
    const int StudyStride = 3;
    static readonly IReadOnlyList<Reduction> StudiedReductions = Enum.GetValues<Reduction>();
    /// <summary>The reduction study's methods: the reduction over D changes nothing for occlusion, which scores positions directly.</summary>
    static readonly ImportanceMethod[] ReducedMethods = [ImportanceMethod.Gradient, ImportanceMethod.SmoothGrad];

    /// <param name="completeness">receives the completeness errors of the integrated-gradients run</param>
    public static LocalizationStudy Run(IVqModel model, IReadOnlyList<TrainedExtractor> extractors, PaperData data, ImportanceOptions baseOptions, int k,
        CompletenessLog completeness)
    {
        var (tokens, labels, truth) = (data.EncodedTokens!, data.EncodedLabels!, data.EncodedTruth);
        var onMarking = truth.Select(t => ClassTable.All[t.ClassId].Marking != Marking.None).ToArray();
        var masks = truth.Select((t, i) => onMarking[i] ? t.MarkingMask : t.ObjectMask).ToList();
        var target = new Target(masks.Select(m => Localization.OnTarget(m, model.GridSize, model.ImageSize, LocalizationCriterion.Touches)).ToList(),
            masks.Select(m => Localization.OnTarget(m, model.GridSize, model.ImageSize, LocalizationCriterion.MostlyInside)).ToList());
        var ks = Ks.Append(k).Distinct().Order().ToArray();
        var primary = extractors[0];

        var tops = new Dictionary<string, IReadOnlyList<long[]>>();
        foreach (var method in Enum.GetValues<ImportanceMethod>())
        {
            using var scores = AttributionStage.Scores(primary.Module, model, tokens, labels, baseOptions with { Method = method });
            tops[ImportanceNames.Name(method)] = Top(scores.Scores, ks[^1]);
            if (scores.GridCompletenessErrors is { } errors) completeness.Add("encoded rendered images (localization)", errors);
        }
        var all = Enumerable.Range(0, truth.Count).ToArray();
        var atK = tops.ToDictionary(t => t.Key, t => target.Precision(t.Value, k, all));
        var study = all.Where(i => i % StudyStride == 0).ToArray();
        using var studyIndex = tensor(study.Select(i => (long)i).ToArray(), device: model.Device);
        using var studyTokens = tokens.index_select(0, studyIndex);
        using var studyLabels = labels.index_select(0, studyIndex);
        var (studyTarget, studyTops) = (target.Subset(study), tops.ToDictionary(t => t.Key, t => (IReadOnlyList<long[]>)study.Select(i => t.Value[i]).ToList()));
        var studyAll = Enumerable.Range(0, study.Length).ToArray();
        var tisMethod = ImportanceNames.Name(baseOptions.Method);

        return new LocalizationStudy(k, truth.Count,
            atK.ToDictionary(p => p.Key, p => Math.Round(p.Value.Lenient, 4)), Math.Round(target.Random(all).Lenient, 4),
            atK.ToDictionary(p => p.Key, p => Math.Round(p.Value.Strict, 4)), Math.Round(target.Random(all).Strict, 4),
            Round(target.Ceiling(k, all)),
            new LocalizationAnalysis(tisMethod, study.Length,
                Regions(target, masks, onMarking, tops, k, model.GridSize, model.ImageSize),
                Predictions(model, primary, tokens, labels, target, tops, k),
                Reductions(model, primary, studyTokens, studyLabels, studyTarget, studyTops, baseOptions, k),
                ks.Select(n => new KLocalization(n, tops.ToDictionary(t => t.Key, t => Round(target.Precision(t.Value, n, all))), Round(target.Ceiling(n, all)))).ToList(),
                extractors.ToDictionary(e => ExtractorFactory.Name(e.Architecture), e => Round(studyTarget.Precision(e == primary
                    ? studyTops[tisMethod]
                    : TopOf(model, e, studyTokens, studyLabels, baseOptions, k), k, studyAll)))));
    }

    static IReadOnlyList<RegionLocalization> Regions(Target target, IReadOnlyList<bool[]> masks, bool[] onMarking,
        IReadOnlyDictionary<string, IReadOnlyList<long[]>> tops, int k, int gridSize, int imageSize)
    {
        var cellPixels = (double)(imageSize / gridSize) * (imageSize / gridSize);
        return new[] { (Name: "marking", Marking: true), (Name: "object", Marking: false) }.Select(region =>
        {
            var images = Enumerable.Range(0, masks.Count).Where(i => onMarking[i] == region.Marking).ToArray();
            return images.Length == 0 ? null : new RegionLocalization(region.Name, images.Length,
                Math.Round(images.Average(i => masks[i].Count(on => on) / cellPixels), 2),
                Math.Round(images.Average(i => target.Touched[i].Count(on => on)), 2),
                Math.Round(images.Average(i => target.MostlyInside[i].Count(on => on)), 2),
                tops.ToDictionary(t => t.Key, t => Round(target.Precision(t.Value, k, images))), Round(target.Random(images)), Round(target.Ceiling(k, images)));
        }).OfType<RegionLocalization>().ToList();
    }

    static PredictionLocalization Predictions(IVqModel model, TrainedExtractor primary, Tensor tokens, Tensor labels, Target target,
        IReadOnlyDictionary<string, IReadOnlyList<long[]>> tops, int k)
    {
        using var embeddings = model.Embed(tokens);
        bool[] correct;
        using (no_grad())
        using (var predicted = primary.Module.call(embeddings).argmax(1))
        using (var hits = predicted.eq(labels))
            correct = hits.cpu().data<bool>().ToArray();
        var right = Enumerable.Range(0, correct.Length).Where(i => correct[i]).ToArray();
        var wrong = Enumerable.Range(0, correct.Length).Where(i => !correct[i]).ToArray();
        Dictionary<string, LenientStrict> On(int[] images) => images.Length == 0
            ? []
            : tops.ToDictionary(t => t.Key, t => Round(target.Precision(t.Value, k, images)));
        return new PredictionLocalization(Math.Round(right.Length / (double)correct.Length, 4), right.Length, wrong.Length, On(right), On(wrong));
    }

    /// <param name="tops">each method's ranked positions under the base reduction, which need no second run</param>
    static IReadOnlyDictionary<string, IReadOnlyDictionary<string, LenientStrict>> Reductions(IVqModel model, TrainedExtractor primary, Tensor tokens,
        Tensor labels, Target target, IReadOnlyDictionary<string, IReadOnlyList<long[]>> tops, ImportanceOptions baseOptions, int k)
    {
        var all = Enumerable.Range(0, (int)tokens.shape[0]).ToArray();
        IReadOnlyList<long[]> Ranked(ImportanceMethod method, Reduction reduction) => reduction == baseOptions.Reduction
            ? tops[ImportanceNames.Name(method)]
            : TopOf(model, primary, tokens, labels, baseOptions with { Method = method, Reduction = reduction }, k);
        return ReducedMethods.ToDictionary(ImportanceNames.Name, method => (IReadOnlyDictionary<string, LenientStrict>)StudiedReductions.ToDictionary(ImportanceNames.Name,
            reduction => Round(target.Precision(Ranked(method, reduction), k, all))));
    }

    static IReadOnlyList<long[]> TopOf(IVqModel model, TrainedExtractor extractor, Tensor tokens, Tensor labels, ImportanceOptions options, int k)
    {
        using var scores = AttributionStage.Scores(extractor.Module, model, tokens, labels, options);
        return Top(scores.Scores, k);
    }

    static IReadOnlyList<long[]> Top(Tensor scores, int k)
    {
        using var top = ConceptTokenSet.TopPositions(scores, k);
        return GridPatches.Rows(top);
    }

    static LenientStrict Round(LenientStrict value) => new(Math.Round(value.Lenient, 4), Math.Round(value.Strict, 4));

    /// <summary>Each image's on-target grid positions under the lenient and the strict criterion.</summary>
    sealed record Target(IReadOnlyList<bool[]> Touched, IReadOnlyList<bool[]> MostlyInside)
    {
        /// <summary>Mean precision of the first k of each image's ranked positions over <paramref name="images"/>.</summary>
        public LenientStrict Precision(IReadOnlyList<long[]> ranked, int k, int[] images)
        {
            var top = images.Select(i => ranked[i][..k]).ToList();
            return new(Localization.Precision(top, Pick(Touched, images)).Average(), Localization.Precision(top, Pick(MostlyInside, images)).Average());
        }

        public Target Subset(int[] images) => new(Pick(Touched, images), Pick(MostlyInside, images));

        public LenientStrict Random(int[] images) => new(Localization.RandomPrecision(Pick(Touched, images)), Localization.RandomPrecision(Pick(MostlyInside, images)));

        public LenientStrict Ceiling(int k, int[] images) => new(Localization.Ceiling(Pick(Touched, images), k), Localization.Ceiling(Pick(MostlyInside, images), k));

        static List<bool[]> Pick(IReadOnlyList<bool[]> masks, int[] images) => images.Select(i => masks[i]).ToList();
    }
}
