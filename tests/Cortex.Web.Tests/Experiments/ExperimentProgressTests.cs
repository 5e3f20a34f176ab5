using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Experiments;

/// <summary>A running experiment tells its stage, the stage's own progress, and a time left only where the server could estimate one.</summary>
public sealed class ExperimentProgressTests : DashboardContext
{
    static readonly ExperimentDocument Running = FakeExperimentService.Experiment("e1", "search", ExperimentMethod.CodebookLevel, ExperimentStatus.Running, "c1", "c2")
        with { Stage = RunStages.CodebookSearch, Progress = 0.25 };

    IRenderedComponent<ExperimentProgress> RenderProgress(ProgressMessage? live) =>
        Render<ExperimentProgress>(p => p.Add(c => c.Experiment, Running).Add(c => c.Progress, live));

    static string Readout(IRenderedComponent<ExperimentProgress> view) => string.Join(' ', view.Find("[data-testid=progress-readout]").TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void A_live_report_shows_the_stage_of_how_many_its_own_fraction_and_its_time_left()
    {
        var view = RenderProgress(new ProgressMessage { ExperimentId = "e1", Stage = RunStages.CodebookSearch, StageIndex = 3, StageCount = 3, Fraction = 0.1, EtaSeconds = 37.6 });

        Assert.Equal("codebook search (stage 3 of 3) · 10% · about 38 s left", Readout(view));
        Assert.Equal("10", view.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void Without_an_estimate_no_time_left_is_shown()
    {
        var view = RenderProgress(new ProgressMessage { ExperimentId = "e1", Stage = RunStages.Extractor, StageIndex = 2, StageCount = 3, Fraction = 0.02 });

        Assert.Equal("extractor (stage 2 of 3) · 2%", Readout(view));
    }

    [Fact]
    public void Once_every_stage_is_done_the_readout_says_so()
    {
        var view = RenderProgress(new ProgressMessage { ExperimentId = "e1", Stage = RunStages.Done, StageIndex = 3, StageCount = 3, Fraction = 1 });

        Assert.Equal("done · 100%", Readout(view));
    }

    [Fact]
    public void Before_a_live_report_the_stored_stage_shows_its_place_in_the_run_without_a_time_left()
    {
        var view = RenderProgress(null);

        Assert.Equal("codebook search (stage 3 of 3) · 25%", Readout(view));
    }
}
