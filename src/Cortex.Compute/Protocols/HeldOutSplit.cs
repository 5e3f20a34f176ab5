using Cortex.Compute.Extractors;

namespace Cortex.Compute.Protocols;

/// <summary>
/// An extractor's own split, per concept: the training rows that build the concept's token sets and
/// the held-out test rows they are judged on (validation rows do neither).
/// </summary>
public sealed record HeldOutSplit(IReadOnlyList<long[]> Train, IReadOnlyList<long[]> Test)
{
    /// <param name="labels">each row's concept index</param>
    public static HeldOutSplit Of(TrainedExtractor extractor, IReadOnlyList<long> labels, int concepts)
    {
        var shared = extractor.TrainIndices.Intersect(extractor.TestIndices).ToList();
        if (shared.Count > 0)
            throw new ArgumentException($"Rows {string.Join(", ", shared.Take(5))} are both training and test rows of the {ExtractorFactory.Name(extractor.Architecture)} extractor; a held-out evaluation needs disjoint splits.");
        return new HeldOutSplit(ByConcept(extractor.TrainIndices, labels, concepts), ByConcept(extractor.TestIndices, labels, concepts));
    }

    static long[][] ByConcept(IReadOnlyList<long> rows, IReadOnlyList<long> labels, int concepts) =>
        Enumerable.Range(0, concepts).Select(k => rows.Where(i => labels[(int)i] == k).Order().ToArray()).ToArray();
}
