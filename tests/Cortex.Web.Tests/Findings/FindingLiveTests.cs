using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Tests.Fakes;
using MudBlazor;

namespace Cortex.Web.Tests.Findings;

/// <summary>Open findings pages follow changes made elsewhere (another reviewer, a run), as annotations do.</summary>
public sealed class FindingLiveTests : DashboardContext
{
    const string Workspace = Web.Services.Workspaces.DefaultId;

    public FindingLiveTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Succeeded, "c1"));
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "red circle tokens mark grass", 3, 7));
    }

    [Fact]
    public async Task Another_reviewers_verdict_shows_on_an_open_finding_with_who_did_it()
    {
        SignIn("ada", Role.Reviewer);
        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        page.WaitForAssertion(() => Assert.Equal(1, FindingFeed.Subscribers));

        await Review.ReviewFindingAsync("f1", new FindingUpdate("dismissed", "the control shows it too"), "bob");
        await FindingFeed.PublishAsync(new FindingChange("f1", Workspace, FindingChanges.Reviewed, "bob"));

        page.WaitForAssertion(() => Assert.Equal("dismissed", page.Find("[data-testid=finding-status]").TextContent));
        Assert.Contains("bob dismissed this finding: the control shows it too", page.Find("[data-testid=finding-live-notice]").TextContent);
        var entry = Assert.Single(page.FindAll("[data-testid=history-entry]"));
        Assert.Contains("bob set the status to", entry.TextContent);
        // The verdicts offered follow the new status.
        Assert.Empty(page.FindAll("[data-testid=finding-action-dismissed]"));
    }

    [Fact]
    public async Task A_comment_elsewhere_joins_the_history_and_ones_own_change_raises_no_notice()
    {
        SignIn("ada", Role.Reviewer);
        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        page.WaitForAssertion(() => Assert.Equal(1, FindingFeed.Subscribers));

        await Review.ReviewFindingAsync("f1", new FindingUpdate(null, "checking the grass images"), "ada");
        await FindingFeed.PublishAsync(new FindingChange("f1", Workspace, FindingChanges.Reviewed, "ada"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-entry]")));
        Assert.Empty(page.Find("[data-testid=finding-live-notice]").Children);
    }

    [Fact]
    public async Task Changes_to_other_findings_leave_the_page_alone_and_a_deletion_says_so()
    {
        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        page.WaitForAssertion(() => Assert.Equal(1, FindingFeed.Subscribers));
        var loads = Review.FindingLoads;

        await FindingFeed.PublishAsync(new FindingChange("f9", Workspace, FindingChanges.Reviewed, "bob"));
        Assert.Equal(loads, Review.FindingLoads);

        await Review.DeleteFindingAsync("f1");
        await FindingFeed.PublishAsync(new FindingChange("f1", Workspace, FindingChanges.Deleted, null));
        page.WaitForAssertion(() => Assert.Contains("deleted while you had it open", page.Find("[data-testid=finding-missing]").TextContent));
    }

    [Fact]
    public void Both_pages_show_the_tokens_with_their_labels_in_the_experiments_model_reading_the_labels_once()
    {
        Tokens.Labels[3] = "grass";

        var detail = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        var list = Render<FindingList>();

        foreach (var page in new[] { detail.Find("[data-testid=finding-tokens]"), list.Find("[data-testid=finding-tokens]") })
        {
            Assert.Equal("· grass", page.QuerySelector("[data-testid=finding-token-label]")!.TextContent.Trim());
            Assert.StartsWith("codebook/3?model=", page.QuerySelector("a")!.GetAttribute("href"));
        }
        // The detail's chips and its example cells' titles share one read.
        Assert.Contains("Token 3 (grass)", detail.Markup);
    }

    [Fact]
    public async Task The_list_follows_findings_raised_and_reviewed_in_its_workspace_and_unsubscribes_when_closed()
    {
        var page = Render<FindingList>();
        page.WaitForAssertion(() => Assert.Equal(1, FindingFeed.Subscribers));

        Review.Findings.Add(FakeReviewService.Finding("f2", "e1", "c1", "a second background", 5));
        await FindingFeed.PublishAsync(new FindingChange("f2", Workspace, FindingChanges.Raised, null));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=finding-row]").Count));

        // Another workspace's change is not this page's business.
        Review.Findings.Add(FakeReviewService.Finding("f3", "e1", "c1", "elsewhere", 6));
        var loads = Review.FindingListLoads;
        await FindingFeed.PublishAsync(new FindingChange("f3", "other", FindingChanges.Raised, null));
        Assert.Equal(loads, Review.FindingListLoads);

        await DisposeComponentsAsync();
        Assert.Equal(0, FindingFeed.Subscribers);
    }

    [Fact]
    public async Task The_homes_open_findings_and_a_tokens_findings_follow_a_verdict_and_a_new_finding()
    {
        var home = Render<Web.Components.Pages.Home.OpenFindings>();
        var token = Render<Web.Components.Pages.Codebook.TokenFindings>(p => p.Add(c => c.Token, 7L));
        Assert.Single(home.FindAll("[data-testid=open-findings] li"));
        Assert.Single(token.FindAll("[data-testid=token-findings] li"));

        await Review.ReviewFindingAsync("f1", new FindingUpdate("confirmed", "grass everywhere"), "bob");
        Review.Findings.Add(FakeReviewService.Finding("f2", "e1", "c1", "token 7 again", 7, 9));
        await FindingFeed.PublishAsync(new FindingChange("f1", Workspace, FindingChanges.Reviewed, "bob"));
        await FindingFeed.PublishAsync(new FindingChange("f2", Workspace, FindingChanges.Raised, null));

        home.WaitForAssertion(() => Assert.Equal("token 7 again", home.Find("[data-testid=open-findings] li a").TextContent));
        token.WaitForAssertion(() => Assert.Equal(2, token.FindAll("[data-testid=token-findings] li").Count));
        Assert.Contains("confirmed", token.Find("[data-testid=token-findings]").TextContent);
    }
}
