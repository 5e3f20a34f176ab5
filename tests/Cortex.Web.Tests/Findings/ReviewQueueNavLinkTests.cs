using Cortex.Web.Components.Layout;
using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Findings;

public sealed class ReviewQueueNavLinkTests : DashboardContext
{
    [Fact]
    public async Task The_menu_entry_counts_open_findings_and_follows_changes_of_its_workspace()
    {
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "one", 3));
        Review.Findings.Add(FakeReviewService.Finding("f2", "e1", "c1", "two", 3) with { Status = FindingStatus.Dismissed });
        var link = Render<ReviewQueueNavLink>();
        Assert.Equal("review", link.Find("a").GetAttribute("href"));
        Assert.Equal("1", link.Find("[data-testid=nav-review-count]").TextContent.Trim());

        Review.Findings.Add(FakeReviewService.Finding("f3", "e1", "c1", "three", 3));
        await FindingFeed.PublishAsync(new FindingChange("f3", Web.Services.Workspaces.DefaultId, FindingChanges.Raised, "bob"));
        link.WaitForAssertion(() => Assert.Equal("2", link.Find("[data-testid=nav-review-count]").TextContent.Trim()));

        Review.Findings.RemoveAll(f => f.Status == FindingStatus.Open);
        await FindingFeed.PublishAsync(new FindingChange("f1", Web.Services.Workspaces.DefaultId, FindingChanges.Reviewed, "bob"));
        link.WaitForAssertion(() => Assert.Empty(link.FindAll("[data-testid=nav-review-count]")));
    }
}
