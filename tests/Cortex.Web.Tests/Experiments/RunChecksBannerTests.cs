using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>A run that failed its own checks says so above its results and in the experiments list, never only in a table.</summary>
public sealed class RunChecksBannerTests : DashboardContext
{
    static readonly RunCheck BelowChance = new("extractor-above-chance", false, 0.8125, 0.05,
        "The extractor got 2 of 5 held-out images right (0.40) where chance is 0.50 (2 concepts): that does not beat chance.");
    static readonly RunCheck Disagree = new("evaluators-agree-on-edit", false, 0.81, 0.5, "The evaluators disagree on the edit: after it they give the target cnn 0.86, mixer 0.05.");
    static readonly RunCheck Recognised = new("source-recognised", true, 0.9, 0.5, "Every evaluator recognised the source image before the edit.");

    public RunChecksBannerTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
    }

    void Add(string id, params RunCheck[] checks) => Experiments.Experiments.Add(
        FakeExperimentService.Experiment(id, $"edit {id}", ExperimentMethod.CodebookLevel, ExperimentStatus.Succeeded, "c1", "c2") with
        {
            Summary = new ExperimentSummary { Checks = [.. checks] },
        });

    IRenderedComponent<ExperimentDetails> Open(string id)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"experiments/{id}");
        return Render<ExperimentDetails>(p => p.Add(c => c.Id, id));
    }

    [Fact]
    public void The_experiment_page_lists_each_failed_check_in_words_above_its_results()
    {
        Add("e1", BelowChance, Recognised, Disagree);

        var page = Open("e1");

        var banner = page.WaitForElement("[data-testid=run-checks-banner]");
        Assert.Contains("Succeeded with warnings", banner.TextContent);
        Assert.Contains("failed 2 of its 3 checks", banner.TextContent);
        var listed = banner.QuerySelectorAll("[data-testid=failed-checks] li");
        Assert.Equal(["extractor-above-chance", "evaluators-agree-on-edit"], listed.Select(li => li.GetAttribute("data-check")));
        Assert.Contains(BelowChance.Sentence, listed[0].TextContent);
        Assert.Contains("(measured 0.812, threshold 0.05)", listed[0].TextContent);
        Assert.Contains(Disagree.Sentence, listed[1].TextContent);
        Assert.Equal("succeeded with warnings", page.Find("[data-testid=status-chip]").TextContent.Trim());
        // Above the tabs that hold the results.
        Assert.True(page.Markup.IndexOf("run-checks-banner", StringComparison.Ordinal) < page.Markup.IndexOf("experiment-layout", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_whose_checks_passed_shows_no_banner_only_a_line_naming_them()
    {
        Add("e1", Recognised);

        var page = Open("e1");

        page.WaitForElement("[data-testid=run-checks-passed]");
        Assert.Empty(page.FindAll("[data-testid=run-checks-banner]"));
        Assert.Contains("All 1 checks of this run passed: source-recognised.", page.Find("[data-testid=run-checks-passed]").TextContent);
        Assert.Equal("succeeded", page.Find("[data-testid=status-chip]").TextContent.Trim());
    }

    [Fact]
    public void The_experiments_list_shows_a_warned_run_with_its_own_chip_and_filters_to_such_runs()
    {
        Add("e1", BelowChance);
        Add("e2", Recognised);

        var all = Render<ExperimentList>();
        var chips = all.WaitForElements("[data-testid=status-chip]").Select(c => c.TextContent.Trim()).Order().ToList();
        Assert.Equal(["succeeded", "succeeded with warnings"], chips);

        Services.GetRequiredService<NavigationManager>().NavigateTo("experiments?status=succeeded-with-warnings");
        var warned = Render<ExperimentList>();
        Assert.Equal(["edit e1"], warned.WaitForElements("[data-testid=experiment-list] tbody tr").Select(r => r.QuerySelector("a")!.TextContent.Trim()));
        Assert.Contains(warned.FindAll("a, button"), b => b.TextContent.Trim() == "succeeded with warnings");
    }
}
