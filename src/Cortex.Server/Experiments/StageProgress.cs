using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// Turns a run's reports (a stage and that stage's fraction) into progress messages whose time left
/// comes from the stage's own rate since it began. A whole-run fraction would need weights for the
/// stages, and any weights misjudge some model or device; a stage's own rate only assumes its steps
/// cost about the same. No estimate until the stage has done <see cref="MinimumProgress"/> of its
/// work over at least <see cref="MinimumTime"/>: before that its rate is mostly start-up.
/// </summary>
public sealed class StageProgress(string experimentId, IReadOnlyList<string> stages, TimeProvider clock)
{
    public const double MinimumProgress = 0.05;
    public static readonly TimeSpan MinimumTime = TimeSpan.FromSeconds(1);

    string? _stage;
    DateTimeOffset _startedAt;
    double _startFraction;

    public ProgressMessage Report(string stage, double fraction)
    {
        var index = stages.ToList().IndexOf(stage);
        if (index < 0) throw new ArgumentException($"'{stage}' is not a stage of this run ({string.Join(", ", stages)}).", nameof(stage));
        fraction = Math.Clamp(fraction, 0, 1);
        var now = clock.GetUtcNow();
        if (stage != _stage) (_stage, _startedAt, _startFraction) = (stage, now, fraction);
        var elapsed = now - _startedAt;
        var done = fraction - _startFraction;
        double? left = done >= MinimumProgress && elapsed >= MinimumTime ? elapsed.TotalSeconds * (1 - fraction) / done : null;
        return new ProgressMessage
        {
            ExperimentId = experimentId, Stage = stage, StageIndex = index + 1, StageCount = stages.Count, Fraction = fraction, EtaSeconds = left,
        };
    }

    /// <summary>Every stage complete: the results are being written.</summary>
    public ProgressMessage Done() => new()
    {
        ExperimentId = experimentId, Stage = RunStages.Done, StageIndex = stages.Count, StageCount = stages.Count, Fraction = 1,
    };
}
