using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Integrated gradients' relative completeness error |Σ attribution − (f_y(e) − f_y(b))| / |f_y(e) − f_y(b)| per image,
/// over the protocol's IG runs: mean, max and the share of images within <see cref="CompletenessLog.Tolerance"/>.
/// </summary>
public sealed record CompletenessReport(int Steps, int Images, double Mean, double Max, double WithinTolerance, IReadOnlyList<CompletenessRun> Runs);

/// <summary>One IG run of the protocol: which images, and their errors' mean and max.</summary>
public sealed record CompletenessRun(string Images, int Count, double Mean, double Max);

/// <summary>Collects the per-image completeness errors of the protocol's integrated-gradients runs.</summary>
sealed class CompletenessLog
{
    /// <summary>The relative error up to which completeness is said to hold.</summary>
    public const double Tolerance = 0.05;

    readonly List<(string Images, IReadOnlyList<double> Errors)> _runs = [];

    public void Add(string images, IReadOnlyList<double> errors) => _runs.Add((images, errors));

    /// <summary>Runs integrated gradients on <paramref name="tokens"/> for their labels and records the errors.</summary>
    public CompletenessRun Measure(string images, IVqModel model, Module<Tensor, Tensor> extractor, Tensor tokens, Tensor labels, ImportanceOptions options)
    {
        using var result = AttributionStage.Scores(extractor, model, tokens, labels, options with { Method = ImportanceMethod.IntegratedGradients });
        Add(images, result.GridCompletenessErrors!);
        return Run(_runs[^1]);
    }

    public CompletenessReport Report(int steps)
    {
        var errors = _runs.SelectMany(r => r.Errors).ToList();
        if (errors.Count == 0) throw new InvalidOperationException("No integrated-gradients run was recorded.");
        return new CompletenessReport(steps, errors.Count, Math.Round(errors.Average(), 4), Math.Round(errors.Max(), 4),
            Math.Round(errors.Count(e => e <= Tolerance) / (double)errors.Count, 4), _runs.Select(Run).ToList());
    }

    static CompletenessRun Run((string Images, IReadOnlyList<double> Errors) run) =>
        new(run.Images, run.Errors.Count, Math.Round(run.Errors.Average(), 4), Math.Round(run.Errors.Max(), 4));
}
