using Cortex.Server.Experiments;
using Cortex.Web.Contracts;
using Cortex.Web.Services;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Server.Tests.Experiments;

/// <summary>Progress is told per stage, and the time left comes from the stage's own rate.</summary>
public sealed class StageProgressTests
{
    readonly FakeTimeProvider _clock = new();

    StageProgress Codebook() => new("e1", RunStages.Of(ExperimentMethod.CodebookLevel), _clock);

    [Fact]
    public void A_search_after_slow_earlier_stages_starts_at_zero_and_its_time_left_follows_its_own_rate()
    {
        // The run: support sets and extractor took 20 s, then 8,000 steps at 200 steps/s (40 s).
        var progress = Codebook();
        progress.Report(RunStages.SupportSets, 0);
        _clock.Advance(TimeSpan.FromSeconds(5));
        progress.Report(RunStages.Extractor, 0);
        _clock.Advance(TimeSpan.FromSeconds(15));
        progress.Report(RunStages.Extractor, 1);

        var searchStart = _clock.GetUtcNow();
        var start = progress.Report(RunStages.CodebookSearch, 0);
        Assert.Equal((RunStages.CodebookSearch, 3, 3, 0.0), (start.Stage, start.StageIndex, start.StageCount, start.Fraction));
        Assert.Null(start.EtaSeconds);
        _clock.SetUtcNow(searchStart + TimeSpan.FromSeconds(1.5));
        Assert.Null(progress.Report(RunStages.CodebookSearch, 300 / 8000.0).EtaSeconds);

        foreach (var step in new[] { 800, 2000, 4000, 7200 })
        {
            _clock.SetUtcNow(searchStart + TimeSpan.FromSeconds(step / 200.0));
            var report = progress.Report(RunStages.CodebookSearch, step / 8000.0);
            Assert.Equal(step / 8000.0, report.Fraction, 9);
            Assert.Equal((8000 - step) / 200.0, report.EtaSeconds!.Value, 6);
        }
    }

    [Fact]
    public void A_stage_reports_no_time_left_before_it_ran_a_second_even_when_far_along()
    {
        var progress = Codebook();
        progress.Report(RunStages.Extractor, 0);
        _clock.Advance(TimeSpan.FromMilliseconds(500));

        var quick = progress.Report(RunStages.Extractor, 0.5);

        Assert.Null(quick.EtaSeconds);
        Assert.Equal(2, quick.StageIndex);
    }

    [Fact]
    public void Done_follows_every_stage_and_an_unknown_stage_is_refused()
    {
        var progress = new StageProgress("e1", RunStages.Of(ExperimentMethod.Evaluation), _clock);

        var done = progress.Done();

        Assert.Equal((RunStages.Done, 6, 6, 1.0), (done.Stage, done.StageIndex, done.StageCount, done.Fraction));
        Assert.Null(done.EtaSeconds);
        Assert.Throws<ArgumentException>(() => progress.Report(RunStages.CodebookSearch, 0.5));
    }
}
