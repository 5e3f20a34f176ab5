namespace Cortex.Compute.Protocols;

/// <summary>Plain-language readings of the masking tables: per extractor and masking space, in probability and in logit.</summary>
static class MaskingFindings
{
    public static IEnumerable<string> Read(PaperReport report)
    {
        foreach (var (extractor, sample) in report.SampleLevel)
        foreach (var (space, table) in new[] { ("pixel", sample.Pixel), ("token", sample.Token) })
        {
            var last = sample.N.Count - 1;
            var readings = table.Select(e =>
            {
                var (tis, random, onObject) = (e.Value.TisDrop[last], e.Value.RandomDrop[last], e.Value.ObjectRandomDrop?[last]);
                var (tisLogit, randomLogit, objectLogit) = (e.Value.TisLogitDrop[last], e.Value.RandomLogitDrop[last], e.Value.ObjectRandomLogitDrop?[last]);
                return $"evaluator {e.Key} {tis:F3} vs {random:F3} random{(onObject is { } o ? $" and {o:F3} random object cells" : "")} "
                    + $"(logit {tisLogit:F2} vs {randomLogit:F2}{(objectLogit is { } ol ? $" and {ol:F2}" : "")}): "
                    + (tis > random && tisLogit > randomLogit ? "beats random cells" : "does not beat random cells, contrary to the paper")
                    + (onObject is { } ob && objectLogit is { } obl ? $", {(tis > ob && tisLogit > obl ? "beats" : "does not beat")} random object cells" : "");
            });
            yield return $"Sample level, {extractor} extractor, {space} masking of the top {sample.N[last]} TIS positions of {sample.Images} held-out images lowers the true class's probability by "
                + string.Join("; ", readings) + ".";
        }
        foreach (var (extractor, concept) in report.ConceptLevel)
        foreach (var (space, table) in new[] { ("pixel", concept.Pixel), ("token", concept.Token) })
        {
            var cells = concept.TopN.Count * concept.TokenNum.Count;
            var readings = table.Select(e =>
            {
                var wins = Wins(e.Value.TisDrop, e.Value.FrequencyDrop);
                var logitWins = Wins(e.Value.TisLogitDrop, e.Value.FrequencyLogitDrop);
                return $"evaluator {e.Key} at {wins} of {cells} (top_n, token_num) cells by probability, {logitWins} by logit";
            });
            var largest = concept.TisMaskedShare.Max(row => row[^1]);
            yield return $"Concept level, {extractor} extractor, {space} masking on held-out images: the TIS token set beats the frequency baseline of the same size for "
                + string.Join("; ", readings) + $" (at token_num {concept.TokenNum[^1]} a TIS set masks up to {largest:P0} of a test image's cells).";
        }
    }

    static int Wins(IReadOnlyList<IReadOnlyList<double>> tis, IReadOnlyList<IReadOnlyList<double>> baseline) =>
        tis.Zip(baseline).Sum(rows => rows.First.Zip(rows.Second).Count(p => p.First > p.Second));
}
