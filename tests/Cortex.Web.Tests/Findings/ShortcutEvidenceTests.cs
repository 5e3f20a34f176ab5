using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Findings;

/// <summary>A finding raised by a shortcut review shows what the review compared and counted, image by image.</summary>
public sealed class ShortcutEvidenceTests : DashboardContext
{
    static readonly ShortcutEvidenceView Evidence = new("red circles", "LightGreen", 0.62,
        [
            new("Grey", -0.21, -0.4, 0.0, 0.31, 0.62, false, 16, 0.4, 48, 1.1),
            new("LightGreen", 0.74, 0.55, 0.88, 0.0005, 0.002, true, 16, 3.25, 48, 0.5),
        ],
        [
            new(ShortcutExampleGroups.OnBackground, "blue square", "LightGreen", 8, [1, 2, 9], null, "shortcut-example-0.png"),
            new(ShortcutExampleGroups.OffBackground, "blue square", "Grey", 8, [40], null, "shortcut-example-1.png"),
            new(ShortcutExampleGroups.Concept, "red circle", "LightGreen", 8, [0, 27, 63], [0, 63], "shortcut-example-2.png"),
        ]);

    public ShortcutEvidenceTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circles"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Succeeded, "c1"));
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "red circle tokens mark light green", 3, 7));
    }

    [Fact]
    public void The_statistics_name_both_groups_of_every_background_strongest_first()
    {
        Experiments.ShortcutEvidence["e1"] = Evidence;

        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));

        var rows = page.FindAll("[data-testid=shortcut-background]");
        Assert.Equal(2, rows.Count);
        var cells = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["LightGreen", "16 / 48", "3.25 / 0.50", "0.74 (large)", "[0.55, 0.88]", "< 0.001", "0.002", "flagged"], cells);
        Assert.Contains("is-strongest", rows[0].ClassName);
        Assert.Equal("", rows[1].QuerySelectorAll("td").Last().TextContent.Trim());
        Assert.Equal("On the LightGreen background, images of other classes hold 3.25 of the tokens' positions on average (16 images), against 0.50 on the other backgrounds "
            + "(48 images): Cliff's δ 0.74 (large), Holm-corrected p 0.002. On 'red circles' images, 62% of the tokens' positions lie off the object.",
            page.Find("[data-testid=shortcut-summary]").TextContent);
        // The review's own images replace the concept's support images.
        Assert.Empty(page.FindAll("[data-testid=finding-example]"));
    }

    [Fact]
    public void Example_cells_outline_the_counted_positions_and_split_the_concepts_own_by_ground_truth()
    {
        Experiments.ShortcutEvidence["e1"] = Evidence;

        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));

        var on = page.Find("[data-testid=examples-on-background] [data-testid=shortcut-example]");
        Assert.Equal([1, 2, 9], Positions(on, "is-highlighted"));
        Assert.Equal("api/experiments/e1/files/shortcut-example-0.png", on.QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("blue square on LightGreen: 3 positions", on.TextContent);
        var own = page.Find("[data-testid=examples-concept] [data-testid=shortcut-example]");
        Assert.Equal([0, 63], Positions(own, "is-off-object"));
        Assert.Equal([27], Positions(own, "is-on-object"));
        Assert.Empty(Positions(own, "is-highlighted"));
        Assert.Contains("LightGreen: 2 of 3 off the object", own.TextContent);
    }

    [Fact]
    public void A_finding_without_review_evidence_shows_the_concepts_support_images()
    {
        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));

        Assert.Empty(page.FindAll("[data-testid=shortcut-statistics]"));
        Assert.Equal(8, page.FindAll("[data-testid=finding-example]").Count);
    }

    [Fact]
    public void The_review_queue_shows_the_selected_findings_images_beside_its_verdict()
    {
        Experiments.ShortcutEvidence["e1"] = Evidence;
        Services.GetRequiredService<NavigationManager>().NavigateTo("review");

        var queue = Render<FindingQueue>();

        var selected = queue.Find("[data-testid=queue-selected]");
        Assert.Equal(3, selected.QuerySelectorAll("[data-testid=shortcut-example]").Length);
        Assert.Equal(2, selected.QuerySelectorAll("[data-testid=shortcut-background]").Length);
    }

    static List<int> Positions(AngleSharp.Dom.IElement example, string cellClass) =>
        [.. example.QuerySelectorAll($".token-grid-cell.{cellClass}").Select(c => int.Parse(c.GetAttribute("data-position")!))];
}
