using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>A comparison with a run still going follows it: its curve grows from the live stream (drawn at most once a second), and when it finishes its stored results take over.</summary>
public sealed class CompareRunsLiveTests : DashboardContext
{
    public CompareRunsLiveTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Experiments.Experiments.Add(Edit("done", ExperimentStatus.Succeeded));
        Experiments.Frames["done"] = Frames(5);
        Experiments.Experiments.Add(Edit("live", ExperimentStatus.Running));
    }

    static ExperimentDocument Edit(string id, ExperimentStatus status) =>
        FakeExperimentService.Experiment(id, $"edit {id}", ExperimentMethod.CodebookLevel, status, "c1", "c2");

    static List<StoredFrame> Frames(int count) =>
        [.. Enumerable.Range(0, count).Select(step => new StoredFrame(step, 1.0 / (step + 1), 0.1 * step, new Dictionary<string, double> { ["cnn"] = 0.1 * step }, [], [], null))];

    IRenderedComponent<CompareRuns> Open()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("compare?ids=done,live");
        var page = Render<CompareRuns>();
        page.WaitForElement("[data-testid=chart-loss]");
        return page;
    }

    /// <summary>The loss chart's points per run, read from its CSV export.</summary>
    static Dictionary<string, int> LossPoints(IRenderedComponent<CompareRuns> page)
    {
        var csv = Uri.UnescapeDataString(page.Find("[data-testid=chart-loss] [data-testid=export-csv]").GetAttribute("href")!.Split(',', 2)[1]);
        return csv.Trim().Split('\n').Skip(1).GroupBy(row => row.Split(',')[0]).ToDictionary(g => g.Key, g => g.Count());
    }

    static FrameMessage Frame(long sequence, int step) => new()
    {
        ExperimentId = "live", Sequence = sequence, Step = step, Steps = 100, Loss = 1.0 / (step + 1), TargetProbability = [0.01 * step], Tokens = [], Changed = [[]],
    };

    [Fact]
    public async Task The_running_runs_curve_grows_from_its_stream_at_most_once_a_second()
    {
        var page = Open();
        Assert.Equal(new Dictionary<string, int> { ["edit done"] = 5 }, LossPoints(page));
        Assert.Equal(1, Feed.SubscribersOf("live"));
        Assert.Equal(0, Feed.SubscribersOf("done"));

        // A joiner's history first, and the latest frame again (which the history holds).
        await Feed.PublishAsync(new HistoryMessage
        {
            ExperimentId = "live", Sequence = 3,
            Curve = new ChartSeries([0, 1, 2], [1.0, 0.5, 0.25], [0, 0.1, 0.2], new Dictionary<string, double?[]> { ["cnn"] = [0.0, null, 0.3] }),
        });
        await Feed.PublishAsync(Frame(3, 2));
        page.WaitForAssertion(() => Assert.Equal(3, LossPoints(page).GetValueOrDefault("edit live")));
        Assert.Contains("Loss: edit done, edit live", page.Find("[data-testid=chart-loss] .uplot-host").GetAttribute("aria-label"));

        // Within the second, frames are kept but not drawn; the next one after it draws them all.
        await Feed.PublishAsync(Frame(4, 3));
        Assert.Equal(3, LossPoints(page)["edit live"]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Feed.PublishAsync(Frame(5, 4));
        page.WaitForAssertion(() => Assert.Equal(5, LossPoints(page)["edit live"]));
        Assert.Equal(5, LossPoints(page)["edit done"]);
    }

    [Fact]
    public async Task When_the_run_finishes_its_stored_results_replace_the_stream_and_only_it_is_read_again()
    {
        var page = Open();
        await Feed.PublishAsync(Frame(1, 0));
        page.WaitForAssertion(() => Assert.Equal(1, LossPoints(page).GetValueOrDefault("edit live")));
        Experiments.FrameReads.Clear();

        Experiments.Frames["live"] = Frames(8);
        Experiments.Experiments[1] = Edit("live", ExperimentStatus.Succeeded) with { Parameters = new ExperimentParameters { LearningRate = 0.5 } };
        await Feed.PublishAsync(new StatusMessage { ExperimentId = "live", Sequence = 2, Status = "succeeded" });

        page.WaitForAssertion(() => Assert.Equal(8, LossPoints(page)["edit live"]));
        Assert.Equal(["live"], Experiments.FrameReads);
        Assert.Contains("succeeded", page.Find("[data-testid=compared-runs] [data-run=live]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=parameter-diff] tbody tr"), r => r.GetAttribute("data-parameter") == "LearningRate");
        Assert.Equal(0, Feed.SubscribersOf("live"));
    }

    [Fact]
    public async Task A_map_run_that_finishes_shows_its_maps_beside_the_others()
    {
        foreach (var (id, status) in new[] { ("m1", ExperimentStatus.Succeeded), ("m2", ExperimentStatus.Queued) })
            Experiments.Experiments.Add(FakeExperimentService.Experiment(id, $"maps {id}", ExperimentMethod.SampleLevel, status, "c1"));
        Experiments.Saliency["m1"] = new SaliencyData("m1", 2, ["red circle"], [0], [[1, 2, 3, 4]], [[0.1f, 0.2f, 0.3f, 0.4f]]);
        Services.GetRequiredService<NavigationManager>().NavigateTo("compare?ids=m1,m2");
        var page = Render<CompareRuns>();
        Assert.Equal(["m1"], page.WaitForElements("[data-testid=saliency-side-by-side] figure").Select(f => f.GetAttribute("data-run")));

        await Feed.PublishAsync(new StatusMessage { ExperimentId = "m2", Sequence = 1, Status = "running" });
        Experiments.Saliency["m2"] = new SaliencyData("m2", 2, ["red circle"], [0], [[4, 3, 2, 1]], [[0.4f, 0.3f, 0.2f, 0.1f]]);
        Experiments.Experiments[^1] = Experiments.Experiments[^1] with { Status = ExperimentStatus.Succeeded };
        await Feed.PublishAsync(new StatusMessage { ExperimentId = "m2", Sequence = 2, Status = "succeeded" });

        page.WaitForAssertion(() => Assert.Equal(["m1", "m2"], page.FindAll("[data-testid=saliency-side-by-side] figure").Select(f => f.GetAttribute("data-run"))));
        Assert.Contains("succeeded", page.Find("[data-testid=compared-runs] [data-run=m2]").TextContent);
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscriptions()
    {
        Open();
        Assert.Equal(1, Feed.SubscribersOf("live"));

        await DisposeComponentsAsync();

        Assert.Equal(0, Feed.SubscribersOf("live"));
    }
}
