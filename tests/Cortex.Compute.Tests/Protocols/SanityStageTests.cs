using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Protocols;
using Cortex.Compute.Tests.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Tests.Protocols;

[Collection(TorchCollection.Name)]
public sealed class SanityStageTests
{
    [Fact]
    public void Spearman_of_absolute_maps_matches_a_float64_reference()
    {
        using var model = TinyModels.Create();
        using var tokens = randint(0, model.CodebookSize, [3, model.GridSize, model.GridSize]);
        using var labels = tensor(new long[] { 0, 1, 0 });
        using var a = ExtractorFactory.CreateSeeded(1, ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 2, 8);
        using var b = ExtractorFactory.CreateSeeded(2, ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, 2, 8);
        a.eval();
        b.eval();
        // Mean over D keeps the sign, so absolute and signed maps rank differently.
        var options = new ImportanceOptions { Method = ImportanceMethod.Gradient, Reduction = Cortex.Compute.Importance.Reduction.Mean };

        var rho = SanityStage.MeanSpearman(SanityStage.AbsoluteMaps(a, model, tokens, labels, options), SanityStage.AbsoluteMaps(b, model, tokens, labels, options));

        var (signedA, signedB) = (Signed(a, model, tokens, labels, options), Signed(b, model, tokens, labels, options));
        var reference = signedA.Zip(signedB, (x, y) => NoTieSpearman([.. x.Select(Math.Abs)], [.. y.Select(Math.Abs)])).Average();
        Assert.Equal(reference, rho, 9);
        // The absolute value matters: the signed maps rank differently.
        Assert.NotEqual(signedA.Zip(signedB, NoTieSpearman).Average(), rho, 3);
    }

    [Fact]
    public void A_method_fails_at_the_pass_line_and_passes_just_below_it()
    {
        Assert.Equal(0.3, PaperFindings.SanityThreshold);
        Assert.Contains("smoothgrad FAILS the randomization test on cnn", RandomizationReport.Verdict("smoothgrad", "cnn", 0.3, PaperFindings.SanityThreshold));
        Assert.Contains("(Spearman 0.300 ≥ 0.3)", RandomizationReport.Verdict("smoothgrad", "cnn", 0.3, PaperFindings.SanityThreshold));
        Assert.Contains("smoothgrad passes the randomization test on cnn", RandomizationReport.Verdict("smoothgrad", "cnn", 0.2999, PaperFindings.SanityThreshold));
    }

    [Fact]
    public void Findings_say_plainly_that_the_default_tis_fails_and_where_the_cascade_drops()
    {
        var report = new RandomizationReport(0.3, 96, 24,
        [
            new("cnn", ["head", "features.6", "features.0"],
                new Dictionary<string, IReadOnlyList<double>> { ["smoothgrad"] = [0.9, 0.5], ["gradient"] = [0.6, 0.1], ["occlusion"] = [0.8, 0.4] },
                new Dictionary<string, double> { ["smoothgrad"] = 0.43, ["gradient"] = 0.05, ["occlusion"] = 0.2 }),
        ]);
        var findings = RandomizationReport.Findings(report, "smoothgrad").ToList();
        Assert.Contains(findings, f => f.StartsWith("The paper's default TIS (smoothgrad) FAILS the randomization check on cnn (ρ 0.430)", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("gradient after 2 layers (features.6)") && f.Contains("smoothgrad never, not even with the whole network re-initialized"));
        Assert.Contains(findings, f => f.Contains("occlusion only once the whole network is re-initialized"));
        Assert.DoesNotContain(RandomizationReport.Findings(report, "gradient"), f => f.StartsWith("The paper's default TIS", StringComparison.Ordinal));
    }

    static IReadOnlyList<double[]> Signed(Module<Tensor, Tensor> extractor, Cortex.Compute.Models.IVqModel model, Tensor tokens, Tensor labels, ImportanceOptions options)
    {
        using var result = AttributionStage.Scores(extractor, model, tokens, labels, options);
        var cells = (int)(result.Scores.shape[1] * result.Scores.shape[2]);
        var flat = result.Scores.cpu().to(ScalarType.Float64).data<double>().ToArray();
        return [.. Enumerable.Range(0, (int)result.Scores.shape[0]).Select(i => flat[(i * cells)..((i + 1) * cells)])];
    }

    /// <summary>1 − 6Σd²/(n(n²−1)), valid without ties (gradients of random weights have none).</summary>
    static double NoTieSpearman(double[] x, double[] y)
    {
        Assert.Equal(x.Length, x.Distinct().Count());
        Assert.Equal(y.Length, y.Distinct().Count());
        var (rx, ry) = (Rank(x), Rank(y));
        double n = x.Length, d2 = rx.Zip(ry, (p, q) => (p - q) * (p - q)).Sum();
        return 1 - 6 * d2 / (n * (n * n - 1));
    }

    static double[] Rank(double[] values)
    {
        var ranks = new double[values.Length];
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        for (var r = 0; r < order.Length; r++) ranks[order[r]] = r + 1;
        return ranks;
    }
}
