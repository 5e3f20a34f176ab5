using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>The experiments list as a runs table: columns to choose, sort and filter, all of it in the URL, and runs to pick for a comparison.</summary>
public sealed class RunsTableTests : DashboardContext
{
    public RunsTableTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        for (var i = 1; i <= 10; i++)
            Experiments.Experiments.Add(FakeExperimentService.Experiment($"e{i}", $"run {i}", ExperimentMethod.Evaluation, ExperimentStatus.Succeeded, "c1") with
            {
                Parameters = new ExperimentParameters { Steps = 100 * i },
                Summary = new ExperimentSummary { Figures = new() { ["deletion_auc.smoothgrad"] = i / 20.0, ["masking.token.cnn.tis_drop"] = 0.5 } },
            });
    }

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    IRenderedComponent<ExperimentList> Open(string url)
    {
        Navigation.NavigateTo(url);
        return Render<ExperimentList>();
    }

    static List<string> Headers(IRenderedComponent<ExperimentList> page) =>
        [.. page.FindAll("[data-testid=experiment-list] thead tr:first-child th[data-column]").Select(th => th.GetAttribute("data-column")!)];

    [Fact]
    public void A_link_reproduces_the_tables_columns_order_and_filters()
    {
        var page = Open("experiments?sort=steps&dir=asc&cols=name,steps,deletion_auc&filter=model%3Abuilt&filter=steps%3A%3E%3D200");

        page.WaitForAssertion(() => Assert.Equal(["name", "steps", "deletion_auc"], Headers(page)));
        var query = Experiments.Queries[^1];
        Assert.Equal(("steps", false), (query.Sort, query.Descending));
        Assert.Equal(new Dictionary<string, string> { ["model"] = "built", ["steps"] = ">=200" }, query.Filters);
        Assert.Equal("ascending", page.Find("th[data-column=steps]").GetAttribute("aria-sort"));
        Assert.Equal(">=200", page.Find("input[data-filter=steps]").GetAttribute("value"));
        Assert.Equal("deletion AUC (area)", page.Find("th[data-column=deletion_auc]").TextContent.Trim());
    }

    [Fact]
    public void The_headline_metrics_show_the_runs_stored_figures()
    {
        var page = Open("experiments");

        var row = page.WaitForElement("tr[data-run=e3]");
        var run = Experiments.Experiments.Single(e => e.Id == "e3");
        Assert.Equal(run.Summary!.Figures["deletion_auc.smoothgrad"].ToString(System.Globalization.CultureInfo.InvariantCulture), row.QuerySelector("td[data-column=deletion_auc]")!.TextContent.Trim());
        Assert.Equal("0.5", row.QuerySelector("td[data-column=masking_drop]")!.TextContent.Trim());
        Assert.Equal("red circle", row.QuerySelector("td[data-column=concepts]")!.TextContent.Trim());
        Assert.Equal("", row.QuerySelector("td[data-column=target_prob]")!.TextContent.Trim());
    }

    [Fact]
    public void Clicking_a_header_sorts_by_it_descending_then_ascending()
    {
        var page = Open("experiments");

        page.WaitForElement("th[data-column=deletion_auc] button").Click();
        Assert.EndsWith("experiments?sort=deletion_auc", Navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal(("deletion_auc", true), (Experiments.Queries[^1].Sort, Experiments.Queries[^1].Descending)));

        page.Find("th[data-column=deletion_auc] button").Click();
        Assert.EndsWith("experiments?sort=deletion_auc&dir=asc", Navigation.Uri);
        page.WaitForAssertion(() => Assert.False(Experiments.Queries[^1].Descending));
    }

    [Fact]
    public void A_typed_filter_goes_into_the_link_and_a_bad_one_is_explained()
    {
        var page = Open("experiments");

        page.WaitForElement("input[data-filter=steps]").Change("> 300");
        Assert.EndsWith("experiments?filter=steps%3A%3E%20300", Navigation.Uri);

        page.WaitForElement("input[data-filter=steps]").Change("lots");
        var error = page.WaitForElement("[data-testid=runs-error]");
        Assert.Contains("The steps filter \"lots\" is not a comparison with a number", error.TextContent);
        // The filters stay, so the person can correct it.
        Assert.Equal("lots", page.Find("input[data-filter=steps]").GetAttribute("value"));
    }

    [Fact]
    public void The_column_chooser_adds_and_removes_columns_in_the_link()
    {
        var page = Open("experiments");

        page.WaitForElement("[data-testid=choose-columns]").Click();
        page.Find("[data-testid=column-chooser] [data-column=seed] input, [data-testid=column-chooser] input[data-column=seed]").Change(true);
        Assert.Contains("cols=", Navigation.Uri);
        page.WaitForAssertion(() => Assert.Contains("seed", Headers(page)));
        page.Find("[data-testid=column-chooser] [data-column=model] input, [data-testid=column-chooser] input[data-column=model]").Change(false);
        page.WaitForAssertion(() => Assert.DoesNotContain("model", Headers(page)));
        Assert.Equal(RunsTableState.DefaultColumns.Where(c => c != "model").Append("seed").Order(), Headers(page).Order());
    }

    [Fact]
    public void Two_to_eight_selected_runs_open_a_comparison()
    {
        var page = Open("experiments");
        var compare = () => page.Find("[data-testid=compare-runs]");
        page.WaitForElement("tr[data-run=e1]");
        Assert.True(compare().HasAttribute("disabled") || compare().ClassList.Contains("mud-button-disabled"));

        foreach (var id in new[] { "e2", "e5" }) page.Find($"tr[data-run={id}] td:first-child input").Change(true);

        Assert.Equal("compare?ids=e2,e5", compare().GetAttribute("href"));
        for (var i = 1; i <= 10; i++) page.Find($"tr[data-run=e{i}] td:first-child input").Change(true);
        Assert.Equal(RunComparison.MaxRuns, compare().GetAttribute("href")!.Split('=')[1].Split(',').Length);
        Assert.Contains($"{RunComparison.MaxRuns} selected", page.Find("[data-testid=runs-total]").TextContent);
    }

    [Fact]
    public async Task A_status_change_reloads_the_table_live()
    {
        var page = Open("experiments?sort=steps");
        page.WaitForElement("tr[data-run=e1]");
        var asked = Experiments.Queries.Count;

        await page.InvokeAsync(() => Feed.PublishAsync(new StatusMessage { ExperimentId = "e1", Status = "failed" }));

        page.WaitForAssertion(() => Assert.True(Experiments.Queries.Count > asked));
        Assert.Equal("steps", Experiments.Queries[^1].Sort);
    }
}
