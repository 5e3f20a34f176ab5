using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Experiments;

/// <summary>A codebook-level run's results show both edits it kept, each named with its step, as the Live tab's replay names them.</summary>
public sealed class ResultsTabTests : DashboardContext
{
    static ExperimentDocument Search(params string[] files) =>
        FakeExperimentService.Experiment("e1", "search", ExperimentMethod.CodebookLevel, ExperimentStatus.Succeeded, "c1", "c2") with
        {
            Parameters = new ExperimentParameters { Steps = 60 },
            Files = [.. files],
            Summary = new ExperimentSummary { Figures = { [CodebookEdits.BestStepFigure] = 25 } },
        };

    static IReadOnlyList<(string Caption, string Source)> Edits(IRenderedComponent<ResultsTab> tab) =>
        [.. tab.FindAll("[data-testid=codebook-edits] figure").Select(f => (f.QuerySelector("figcaption")!.TextContent, f.QuerySelector("img")!.GetAttribute("src")!))];

    [Fact]
    public void The_best_and_the_final_edit_show_side_by_side_with_their_steps()
    {
        var tab = Render<ResultsTab>(p => p.Add(c => c.Experiment, Search("before.png", "after.png", "final.png")));

        Assert.Equal([("before", "api/experiments/e1/files/before.png"), ("best edit at step 25", "api/experiments/e1/files/after.png"),
            ("final edit at step 60", "api/experiments/e1/files/final.png")], Edits(tab));
    }

    [Fact]
    public void A_run_stored_before_final_edits_were_kept_shows_its_best_edit_named_as_such()
    {
        var tab = Render<ResultsTab>(p => p.Add(c => c.Experiment, Search("before.png", "after.png") with { Summary = new ExperimentSummary() }));

        Assert.Equal(["before", "best edit"], Edits(tab).Select(e => e.Caption));
    }
}
