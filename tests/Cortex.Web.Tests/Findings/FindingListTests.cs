using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Findings;

public sealed class FindingListTests : DashboardContext
{
    public FindingListTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Succeeded, "c1"));
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "open one", 3, 7));
        Review.Findings.Add(FakeReviewService.Finding("f2", "e1", "c1", "confirmed one", 5) with { Status = FindingStatus.Confirmed, Reviewer = "ada" });
    }

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void A_deep_link_shows_only_findings_of_its_status_and_selects_its_chip()
    {
        Navigation.NavigateTo("findings?status=confirmed");

        var page = Render<FindingList>();

        var row = Assert.Single(page.FindAll("[data-testid=finding-row]"));
        Assert.Contains("confirmed one", row.TextContent);
        Assert.Contains("reviewed by ada", row.TextContent);
        Assert.Equal("confirmed", page.Find("[data-testid=findings-filter] .mud-chip-selected").TextContent);
    }

    [Fact]
    public void Choosing_a_status_puts_it_in_the_address_and_filters_the_list()
    {
        Navigation.NavigateTo("findings");
        var page = Render<FindingList>();
        Assert.Equal(2, page.FindAll("[data-testid=finding-row]").Count);

        page.FindAll("[data-testid=findings-filter] .mud-chip").Single(c => c.TextContent == "open").Click();

        Assert.EndsWith("findings?status=open", Navigation.Uri);
        Assert.Contains("open one", Assert.Single(page.FindAll("[data-testid=finding-row]")).TextContent);
    }

    [Fact]
    public void A_row_shows_its_evidence_concept_experiment_and_token_links()
    {
        Navigation.NavigateTo("findings?status=open");

        var row = Render<FindingList>().Find("[data-testid=finding-row]");

        Assert.Contains("0.88 (large)", row.QuerySelector("[data-testid=cliffs-delta]")!.TextContent);
        Assert.Contains("60%", row.QuerySelector("[data-testid=background-fraction]")!.TextContent);
        Assert.Contains("red circle", row.TextContent);
        Assert.Equal("experiments/e1", row.QuerySelectorAll("a").Single(a => a.TextContent == "bias run").GetAttribute("href"));
        Assert.Equal("findings/f1", row.QuerySelectorAll("a").Single(a => a.TextContent == "open one").GetAttribute("href"));
        Assert.Equal(["codebook/3?model=builtin", "codebook/7?model=builtin"], row.QuerySelectorAll("[data-testid=finding-tokens] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void An_unknown_status_is_named_and_every_finding_shown()
    {
        Navigation.NavigateTo("findings?status=closed");

        var page = Render<FindingList>();

        Assert.Contains("There is no status 'closed'", page.Markup);
        Assert.Equal(2, page.FindAll("[data-testid=finding-row]").Count);
    }

    [Fact]
    public void An_empty_status_says_so_and_offers_every_finding()
    {
        Navigation.NavigateTo("findings?status=dismissed");

        var empty = Render<FindingList>().Find("[data-testid=findings-empty]");

        Assert.Contains("No dismissed findings.", empty.TextContent);
        Assert.Equal("findings", empty.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void The_list_offers_the_review_queue()
    {
        Navigation.NavigateTo("findings");

        var link = Render<FindingList>().Find("[data-testid=findings-review-link]");

        Assert.Equal(("review", "Review open findings one by one"), (link.GetAttribute("href"), link.TextContent));
    }
}
