using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Findings;

public sealed class FindingDetailTests : DashboardContext
{
    public FindingDetailTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Succeeded, "c1"));
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "red circle tokens mark grass", 3, 7));
    }

    IRenderedComponent<FindingDetail> RenderFinding(string id = "f1") => Render<FindingDetail>(p => p.Add(c => c.Id, id));

    [Fact]
    public void An_unknown_id_says_there_is_no_such_finding()
    {
        var page = RenderFinding("nope");

        Assert.Contains("There is no finding with id 'nope'", page.Find("[data-testid=finding-missing]").TextContent);
    }

    [Fact]
    public void Highlighted_cells_are_exactly_the_positions_holding_the_finding_tokens()
    {
        var examples = RenderFinding().FindAll("[data-testid=finding-example]");

        Assert.Equal(8, examples.Count);
        for (var image = 0; image < examples.Count; image++)
        {
            // The fake's support grids hold token (image + position) % 16 at each position.
            var expected = Enumerable.Range(0, 64).Where(p => (image + p) % 16 is 3 or 7).ToList();
            var highlighted = examples[image].QuerySelectorAll(".token-grid-cell.is-highlighted").Select(c => int.Parse(c.GetAttribute("data-position")!)).ToList();
            Assert.Equal(expected, highlighted);
            var img = examples[image].QuerySelector("img")!;
            Assert.Equal($"api/concepts/c1/support/{image}.png?count=8&seed=1", img.GetAttribute("src"));
            Assert.StartsWith($"Support image {image + 1} of red circle; {expected.Count} of 64 cells hold the finding's tokens", img.GetAttribute("alt"));
        }
    }

    [Fact]
    public void Confirming_without_a_comment_says_so_inline_and_leaves_the_finding_alone()
    {
        var page = RenderFinding();

        page.Find("[data-testid=finding-action-confirmed] button").Click();

        Assert.Contains("a comment is required", page.Find("[data-testid=finding-action-confirmed]").TextContent);
        Assert.Equal(FindingStatus.Open, Review.Findings[0].Status);
        Assert.Empty(Review.Findings[0].Comments);
    }

    [Fact]
    public void Confirming_with_a_comment_changes_the_status_and_the_history_names_the_reviewer()
    {
        SignIn("ada", Role.Reviewer);
        var page = RenderFinding();

        page.Find("[data-testid=finding-action-confirmed] textarea").Change("the tokens sit on the grass");
        page.Find("[data-testid=finding-action-confirmed] button").Click();

        Assert.Equal(FindingStatus.Confirmed, Review.Findings[0].Status);
        Assert.Equal("confirmed", page.Find("[data-testid=finding-status]").TextContent);
        var entry = Assert.Single(page.FindAll("[data-testid=history-entry]"));
        Assert.Contains("ada set the status to", entry.TextContent);
        Assert.Contains("confirmed", entry.TextContent);
        Assert.Contains("the tokens sit on the grass", entry.TextContent);
        Assert.Empty(page.FindAll("[data-testid=finding-action-confirmed]"));
        Assert.Single(page.FindAll("[data-testid=finding-action-open]"));
        Assert.Equal("Finding confirmed.", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message);
    }

    [Fact]
    public void Reopening_needs_no_comment()
    {
        Review.Findings[0] = Review.Findings[0] with { Status = FindingStatus.Dismissed };
        var page = RenderFinding();

        page.Find("[data-testid=finding-action-open] button").Click();

        Assert.Equal(FindingStatus.Open, Review.Findings[0].Status);
        Assert.Equal("open", page.Find("[data-testid=finding-status]").TextContent);
    }

    [Fact]
    public void A_plain_comment_needs_text_and_then_lands_in_the_history_without_a_status_change()
    {
        var page = RenderFinding();
        page.Find("[data-testid=finding-comment] button").Click();
        Assert.Contains("Write a comment first.", page.Find("[data-testid=finding-comment]").TextContent);

        page.Find("[data-testid=finding-comment] textarea").Change("checking other seeds");
        page.Find("[data-testid=finding-comment] button").Click();

        Assert.Equal(FindingStatus.Open, Review.Findings[0].Status);
        var entry = Assert.Single(page.FindAll("[data-testid=history-entry]"));
        Assert.Contains("tester commented", entry.TextContent);
        Assert.Contains("checking other seeds", entry.TextContent);
    }

    [Fact]
    public void A_refusal_shows_the_service_message()
    {
        var page = RenderFinding();
        Review.Findings.Clear();

        page.Find("[data-testid=finding-comment] textarea").Change("too late");
        page.Find("[data-testid=finding-comment] button").Click();

        Assert.Contains("There is no finding with id 'f1'.", page.Find("[data-testid=review-refusal]").TextContent);
    }

    [Fact]
    public void The_history_lists_entries_oldest_first()
    {
        var start = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        Review.Findings[0] = Review.Findings[0] with
        {
            Comments = [new FindingComment("bo", "second", start.AddHours(1), FindingStatus.Dismissed), new FindingComment("ada", "first", start)],
        };

        var entries = RenderFinding().FindAll("[data-testid=history-entry]");

        Assert.Contains("ada commented", entries[0].TextContent);
        Assert.Contains("2025-03-01 09:00 UTC", entries[0].TextContent);
        Assert.Contains("bo set the status to", entries[1].TextContent);
    }
}
