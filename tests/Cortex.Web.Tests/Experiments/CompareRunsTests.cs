using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>Runs side by side: curves overlaid (drawn by uPlot), TIS maps of the same image, the parameters that differ, the token sets' overlap, and the public version.</summary>
public sealed class CompareRunsTests : DashboardContext
{
    public CompareRunsTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Edit("e1", 0.01, [1, 2, 3]);
        Edit("e2", 0.05, [2, 3, 4]);
        foreach (var id in new[] { "s1", "s2" })
        {
            Experiments.Experiments.Add(FakeExperimentService.Experiment(id, $"maps {id}", ExperimentMethod.SampleLevel, ExperimentStatus.Succeeded, "c1") with
            {
                Parameters = new ExperimentParameters { TisMethod = id == "s1" ? "gradient" : "smoothgrad" },
            });
            Experiments.Saliency[id] = new SaliencyData(id, 2, ["red circle"], [0, 0], [[1, 2, 3, 4], [5, 6, 7, 8]], [[0.1f, 0.2f, 0.3f, 0.4f], [0.4f, 0.3f, 0.2f, 0.1f]]);
        }
    }

    void Edit(string id, double learningRate, long[] tokens)
    {
        Experiments.Experiments.Add(FakeExperimentService.Experiment(id, $"edit {id}", ExperimentMethod.CodebookLevel, ExperimentStatus.Succeeded, "c1", "c2") with
        {
            Parameters = new ExperimentParameters { LearningRate = learningRate },
            Summary = new ExperimentSummary
            {
                Figures = new() { ["codebook.cnn.target_prob_after"] = learningRate * 10 },
                TokenSets = new() { ["red circle"] = [.. tokens.Select(t => new TokenCountEntry(t, 3))] },
            },
        });
        Experiments.Frames[id] = [.. Enumerable.Range(0, 5).Select(step => new StoredFrame(step * 10, 1.0 / (step + 1), 0.2 * step,
            new Dictionary<string, double> { ["cnn"] = 0.1 * step }, [], [], null))];
    }

    IRenderedComponent<CompareRuns> Open(string url)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return Render<CompareRuns>();
    }

    [Fact]
    public void The_runs_curves_are_overlaid_in_uplot_charts_one_line_per_run()
    {
        var page = Open("compare?ids=e1,e2");

        page.WaitForElement("[data-testid=chart-loss]");
        Assert.NotNull(page.Find("[data-testid=chart-target-cnn]"));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "import" && (string?)i.Arguments[0] == "./js/charts.js");
        Assert.Contains("Loss: edit e1, edit e2", page.Find("[data-testid=chart-loss] .uplot-host").GetAttribute("aria-label"));
        Assert.Contains("edit e2", page.Find("[data-testid=chart-target-cnn] .uplot-host").GetAttribute("aria-label"));
        // Each chart exports its points: a row per point of each run.
        var csv = Uri.UnescapeDataString(page.Find("[data-testid=chart-loss] [data-testid=export-csv]").GetAttribute("href")!.Split(',', 2)[1]);
        Assert.Equal(1 + Experiments.Frames["e1"].Count + Experiments.Frames["e2"].Count, csv.Trim().Split('\n').Length);
        Assert.StartsWith("series,step,loss", csv);
    }

    [Fact]
    public void The_parameter_table_shows_what_differs_and_everything_on_request()
    {
        var page = Open("compare?ids=e1,e2");

        var rows = page.WaitForElements("[data-testid=parameter-diff] tbody tr");
        Assert.Equal(["LearningRate"], rows.Select(r => r.GetAttribute("data-parameter")));
        Assert.Equal(["0.01", "0.05"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));

        page.Find("[data-testid=differences-only] input, input[data-testid=differences-only]").Change(false);

        Assert.Contains(page.FindAll("[data-testid=parameter-diff] tbody tr"), r => r.GetAttribute("data-parameter") == "concepts"
            && r.QuerySelectorAll("td").All(td => td.TextContent == "red circle, blue square"));
    }

    [Fact]
    public void Token_sets_overlap_is_their_jaccard_index()
    {
        var page = Open("compare?ids=e1,e2");

        var row = page.WaitForElement("[data-testid=token-overlap] tbody tr");
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        var (a, b) = (new[] { 1L, 2, 3 }, new[] { 2L, 3, 4 });
        var shared = a.Intersect(b).Count();
        var union = a.Union(b).Count();
        Assert.Equal(["red circle", "edit e1", "edit e2", $"{shared}", $"{union}", ((double)shared / union).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)], cells);
    }

    [Fact]
    public void Saliency_maps_of_the_same_image_stand_side_by_side()
    {
        var page = Open("compare?ids=s1,s2");

        var maps = page.WaitForElements("[data-testid=saliency-side-by-side] figure");
        Assert.Equal(["s1", "s2"], maps.Select(m => m.GetAttribute("data-run")));
        Assert.All(maps, m => Assert.EndsWith("/images/0.png", m.QuerySelector("img")!.GetAttribute("src")));
        Assert.Contains("gradient", maps[0].TextContent);
        Assert.Contains("smoothgrad", maps[1].TextContent);
        Assert.NotNull(page.Find("[data-testid=no-curves]"));
    }

    [Fact]
    public void A_link_with_too_few_or_unknown_runs_says_what_is_wrong()
    {
        Assert.Contains("takes 2 to 8 different runs; this link names 1", Open("compare?ids=e1,e1").WaitForElement("[data-testid=compare-error]").TextContent);
        Assert.Contains("There is no experiment gone", Open("compare?ids=e1,gone").WaitForElement("[data-testid=compare-error]").TextContent);
    }

    [Fact]
    public async Task A_public_comparison_shows_runs_that_are_each_shared_and_refuses_otherwise()
    {
        var first = (await ShareLinks.CreateAsync("e1", null, "tester")).Value!.Token;
        var second = (await ShareLinks.CreateAsync("e2", null, "tester")).Value!.Token;

        Services.GetRequiredService<NavigationManager>().NavigateTo($"share/compare?tokens={first},{second}");
        var shared = Render<SharedComparison>();
        Assert.Equal(["e1", "e2"], shared.WaitForElements("[data-testid=compared-runs] [data-run]").Select(c => c.GetAttribute("data-run")));
        Assert.Empty(shared.FindAll("[data-testid=compared-runs] a[href^='experiments/']"));

        Services.GetRequiredService<NavigationManager>().NavigateTo($"share/compare?tokens={first},not-a-token");
        var refused = Render<SharedComparison>();
        Assert.Contains("Link 2 of 2 was revoked, has expired or never existed", refused.WaitForElement("[data-testid=share-compare-refused]").TextContent);
        Assert.Empty(refused.FindAll("[data-testid=compared-runs]"));
    }
}
