using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Components.Shared;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Findings;

public sealed class FindingQueueTests : DashboardContext
{
    readonly BunitJSModuleInterop _module;
    readonly BunitJSModuleInterop _keys;

    public FindingQueueTests()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        _module = JSInterop.SetupModule(DocumentShortcuts.ModulePath);
        _keys = _module.SetupModule("listen", _ => true);
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Succeeded, "c1"));
        // Raised 5, 4, 3 and 2 hours before the fake clock's now; |δ| orders them otherwise, and one was raised by hand (no δ).
        Review.Findings.Add(Open("old-weak", hoursAgo: 5, delta: 0.40));
        Review.Findings.Add(Open("hand-made", hoursAgo: 4, delta: null));
        Review.Findings.Add(Open("strong-negative", hoursAgo: 3, delta: -0.90));
        Review.Findings.Add(Open("medium", hoursAgo: 2, delta: 0.60));
        Review.Findings.Add(FakeReviewService.Finding("settled", "e1", "c1", "settled one", 1) with { Status = FindingStatus.Confirmed });
    }

    FindingDocument Open(string id, int hoursAgo, double? delta)
    {
        var evidence = delta is { } d ? new Dictionary<string, double> { ["cliffs_delta"] = d, ["p_value_corrected"] = 0.004 } : [];
        var at = Clock.GetUtcNow().UtcDateTime.AddHours(-hoursAgo);
        return FakeReviewService.Finding(id, "e1", "c1", $"{id} finding", 3, 7) with { Evidence = evidence, CreatedAt = at, UpdatedAt = at };
    }

    // What Blazor's ElementReference.FocusAsync calls in the browser.
    const string FocusCall = "Blazor._internal.domWrapper.focus";

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    IRenderedComponent<FindingQueue> Open(string address = "review")
    {
        Navigation.NavigateTo(address);
        return Render<FindingQueue>();
    }

    static List<string> Rows(IRenderedComponent<FindingQueue> page) => [.. page.FindAll("[data-testid=queue-row]").Select(r => r.GetAttribute("data-finding")!)];

    static string Selected(IRenderedComponent<FindingQueue> page) => page.Find("[data-testid=queue-row][aria-current=true]").GetAttribute("data-finding")!;

    static Task PressAsync(IRenderedComponent<FindingQueue> page, string key) => page.InvokeAsync(() => page.Instance.OnShortcutAsync(key));

    static void WriteReason(IRenderedComponent<FindingQueue> page, string reason) => page.Find("[data-testid=queue-verdict] textarea").Change(reason);

    [Fact]
    public void The_queue_holds_only_open_findings_oldest_first_and_selects_the_first()
    {
        var page = Open();

        Assert.Equal(["old-weak", "hand-made", "strong-negative", "medium"], Rows(page));
        Assert.Equal("old-weak", Selected(page));
        Assert.Equal("4 open findings", page.Find("[data-testid=queue-count]").TextContent);
        Assert.Equal("Oldest first", page.Find("[data-testid=queue-sort] .mud-toggle-item-selected").TextContent.Trim());
    }

    [Fact]
    public void Sorting_by_effect_puts_the_largest_absolute_delta_first_and_findings_without_one_last()
    {
        var page = Open("review?sort=effect");

        Assert.Equal(["strong-negative", "medium", "old-weak", "hand-made"], Rows(page));
        Assert.Equal("strong-negative", Selected(page));
    }

    [Fact]
    public void Choosing_a_sort_puts_it_in_the_address_and_reorders_the_queue()
    {
        var page = Open();

        page.FindAll("[data-testid=queue-sort] .mud-toggle-item").Single(b => b.TextContent.Trim() == "Largest effect").Click();

        Assert.EndsWith("review?sort=effect", Navigation.Uri);
        Assert.Equal(["strong-negative", "medium", "old-weak", "hand-made"], Rows(page));
    }

    [Fact]
    public void A_link_with_a_sort_and_an_id_reproduces_the_order_and_the_selection()
    {
        var page = Open("review?sort=effect&id=old-weak");

        Assert.Equal("old-weak", Selected(page));
        Assert.Equal("old-weak finding", page.Find("[data-testid=queue-selected] h2").TextContent);
        Assert.Equal("findings/old-weak", page.Find("[data-testid=queue-open]").GetAttribute("href"));
    }

    [Fact]
    public void An_unknown_sort_or_a_finding_no_longer_open_is_named_and_the_queue_shown_oldest_first()
    {
        var page = Open("review?sort=newest&id=settled");

        Assert.Contains("There is no sort 'newest'", page.Markup);
        Assert.Contains("Finding 'settled' is not open in this workspace any more", page.Find("[data-testid=queue-selection-problem]").TextContent);
        Assert.Equal("old-weak", Selected(page));
    }

    [Fact]
    public void A_row_shows_the_effect_with_its_magnitude_the_corrected_p_the_age_and_the_token_links()
    {
        var row = Open().FindAll("[data-testid=queue-row]").Single(r => r.GetAttribute("data-finding") == "strong-negative");

        Assert.Equal("δ -0.90 (large)", row.QuerySelector("[data-testid=queue-delta]")!.TextContent);
        Assert.Equal("p (Holm) 0.004", row.QuerySelector("[data-testid=queue-p]")!.TextContent);
        Assert.Equal("3 h ago", row.QuerySelector("[data-testid=queue-age]")!.TextContent);
        Assert.Contains("red circle", row.TextContent);
        Assert.Equal("experiments/e1", row.QuerySelectorAll("a").Single(a => a.TextContent == "bias run").GetAttribute("href"));
        Assert.Equal(["codebook/3?model=builtin", "codebook/7?model=builtin"], row.QuerySelectorAll("[data-testid=finding-tokens] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Ages_move_on_while_the_page_stays_open()
    {
        Review.Findings.Add(Open("fresh", hoursAgo: 0, delta: null) with { CreatedAt = Clock.GetUtcNow().UtcDateTime.AddSeconds(-30) });
        var page = Open();
        var age = () => page.Find("[data-testid=queue-row][data-finding=fresh] [data-testid=queue-age]").TextContent;
        Assert.Equal("30 s ago", age());

        Clock.Advance(TimeSpan.FromMinutes(1));

        page.WaitForAssertion(() => Assert.Equal("1 min ago", age()));
    }

    [Fact]
    public async Task J_and_k_move_the_selection_into_view_keep_it_in_the_address_and_say_where_they_landed()
    {
        var page = Open("review?sort=effect");
        page.WaitForAssertion(() => _module.VerifyInvoke("listen"));

        await PressAsync(page, "j");
        Assert.Equal("medium", Selected(page));
        page.WaitForAssertion(() => Assert.Equal(".review-queue-row[aria-current=true]", _keys.VerifyInvoke("reveal").Arguments[0]));
        Assert.EndsWith("review?sort=effect&id=medium", Navigation.Uri);
        Assert.Equal("Finding 2 of 4: medium finding.", page.Find("[data-testid=queue-announcement]").TextContent);

        await PressAsync(page, "ArrowDown");
        await PressAsync(page, "k");
        Assert.Equal("medium", Selected(page));

        await PressAsync(page, "ArrowUp");
        await PressAsync(page, "k");
        Assert.Equal("strong-negative", Selected(page));
        Assert.Equal("This is the first finding of the queue.", page.Find("[data-testid=queue-announcement]").TextContent);
    }

    [Fact]
    public async Task Confirming_without_a_reason_says_what_is_missing_and_sends_nothing()
    {
        var page = Open();

        await PressAsync(page, "c");

        Assert.Contains("Say why you confirm this finding: a comment is required.", page.Find("[data-testid=queue-verdict]").TextContent);
        Assert.Equal("Say why you confirm this finding: a comment is required.", page.Find("[data-testid=queue-announcement]").TextContent);
        Assert.Equal(FindingStatus.Open, Review.Findings[0].Status);
        Assert.Empty(Review.Findings[0].Comments);
        Assert.Equal(4, Rows(page).Count);
        // The reason field is the only thing on the page that takes focus.
        Assert.Single(JSInterop.Invocations[FocusCall]);
    }

    [Fact]
    public async Task Confirming_with_a_reason_records_it_and_the_next_finding_takes_its_place()
    {
        var page = Open("review?sort=effect");
        await PressAsync(page, "j");

        WriteReason(page, "  every example sits on grass  ");
        await PressAsync(page, "c");

        var confirmed = Review.Findings.Single(f => f.Id == "medium");
        Assert.Equal((FindingStatus.Confirmed, "tester"), (confirmed.Status, confirmed.Reviewer));
        Assert.Equal("every example sits on grass", Assert.Single(confirmed.Comments).Text);
        Assert.Equal(["strong-negative", "old-weak", "hand-made"], Rows(page));
        Assert.Equal("old-weak", Selected(page));
        Assert.EndsWith("id=old-weak", Navigation.Uri);
        Assert.Equal("Confirmed “medium finding”. Next: old-weak finding.", page.Find("[data-testid=queue-announcement]").TextContent);
        Assert.Contains("Confirmed “medium finding”. Next: old-weak finding.", this.Snackbars());
        Assert.Equal("", page.Find("[data-testid=queue-verdict] textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public void Dismissing_the_last_finding_selects_the_one_before_and_the_button_does_what_the_key_does()
    {
        var page = Open("review?id=medium");

        WriteReason(page, "the grass is the object here");
        page.Find("[data-testid=queue-dismiss]").Click();

        Assert.Equal(FindingStatus.Dismissed, Review.Findings.Single(f => f.Id == "medium").Status);
        Assert.Equal("strong-negative", Selected(page));
        Assert.Equal("Dismiss (d)", page.Find("[data-testid=queue-dismiss]").TextContent.Trim());
        Assert.Equal("Confirm (c)", page.Find("[data-testid=queue-confirm]").TextContent.Trim());
    }

    [Fact]
    public async Task A_reason_belongs_to_its_finding_so_moving_on_never_sends_it_for_another()
    {
        var page = Open();
        WriteReason(page, "written for the first one");

        await PressAsync(page, "j");
        await PressAsync(page, "d");

        Assert.All(Review.Findings, f => Assert.NotEqual(FindingStatus.Dismissed, f.Status));
        await PressAsync(page, "k");
        Assert.Equal("written for the first one", page.Find("[data-testid=queue-verdict] textarea").GetAttribute("value"));
    }

    [Fact]
    public async Task A_non_reviewer_sees_the_queue_read_only_and_the_verdict_keys_say_why_they_do_nothing()
    {
        SignIn("ed", Role.Editor);
        var page = Open();

        Assert.Equal("You need the reviewer role to confirm or dismiss findings. You see the queue read-only.", page.Find("[data-testid=queue-read-only]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=queue-verdict]"));
        Assert.Equal(4, Rows(page).Count);

        await PressAsync(page, "d");
        await PressAsync(page, "/");

        Assert.All(Review.Findings, f => Assert.Empty(f.Comments));
        Assert.Empty(JSInterop.Invocations[FocusCall]);
        Assert.Equal("You need the reviewer role to confirm or dismiss findings.", page.Find("[data-testid=queue-announcement]").TextContent);
        Assert.Contains("You need the reviewer role to confirm or dismiss findings.", this.Snackbars());
    }

    [Fact]
    public async Task Slash_takes_a_reviewer_to_the_reason_field()
    {
        var page = Open();

        await PressAsync(page, "/");

        Assert.Single(JSInterop.Invocations[FocusCall]);
        Assert.All(Review.Findings, f => Assert.Empty(f.Comments));
    }

    [Fact]
    public async Task Question_mark_shows_and_hides_the_shortcuts_and_o_opens_the_full_page()
    {
        var page = Open("review?sort=effect");

        await PressAsync(page, "?");
        var help = page.Find("[data-testid=queue-shortcuts]").TextContent;
        Assert.Contains("j or ↓", help);
        Assert.Contains("confirm the selected finding (needs a reason)", help);
        await PressAsync(page, "?");
        Assert.Empty(page.FindAll("[data-testid=queue-shortcuts]"));

        await PressAsync(page, "o");
        Assert.EndsWith("findings/strong-negative", Navigation.Uri);
    }

    [Fact]
    public async Task A_finding_raised_elsewhere_joins_in_order_and_one_of_another_workspace_does_not()
    {
        var page = Open("review?sort=effect");
        Review.Findings.Add(Open("newcomer", hoursAgo: 1, delta: 0.70));
        Review.Findings.Add(Open("elsewhere", hoursAgo: 1, delta: 0.99) with { WorkspaceId = "other" });

        await FindingFeed.PublishAsync(new FindingChange("newcomer", Web.Services.Workspaces.DefaultId, FindingChanges.Raised, "bob"));
        await FindingFeed.PublishAsync(new FindingChange("elsewhere", "other", FindingChanges.Raised, "bob"));

        page.WaitForAssertion(() => Assert.Equal(["strong-negative", "newcomer", "medium", "old-weak", "hand-made"], Rows(page)));
        Assert.Equal("strong-negative", Selected(page));
        Assert.Equal("“newcomer finding” joined the queue.", page.Find("[data-testid=queue-announcement]").TextContent);
    }

    [Fact]
    public async Task When_someone_else_takes_the_selected_finding_the_page_says_who_and_moves_to_the_next()
    {
        var page = Open();
        WriteReason(page, "half written");
        var index = Review.Findings.FindIndex(f => f.Id == "old-weak");
        Review.Findings[index] = Review.Findings[index] with { Status = FindingStatus.Dismissed, Reviewer = "bob" };

        await FindingFeed.PublishAsync(new FindingChange("old-weak", Web.Services.Workspaces.DefaultId, FindingChanges.Reviewed, "bob"));

        page.WaitForAssertion(() => Assert.Equal(["hand-made", "strong-negative", "medium"], Rows(page)));
        Assert.Equal("hand-made", Selected(page));
        Assert.Equal("bob dismissed this finding (“old-weak finding”). Now showing “hand-made finding”.", page.Find("[data-testid=queue-notice]").TextContent);
        Assert.Contains("bob dismissed this finding", this.Snackbars().Single());
    }

    [Fact]
    public async Task A_comment_elsewhere_keeps_a_finding_queued_and_a_deletion_removes_it()
    {
        var page = Open();
        await FindingFeed.PublishAsync(new FindingChange("medium", Web.Services.Workspaces.DefaultId, FindingChanges.Reviewed, "bob"));
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        Review.Findings.RemoveAll(f => f.Id == "medium");
        await FindingFeed.PublishAsync(new FindingChange("medium", Web.Services.Workspaces.DefaultId, FindingChanges.Deleted, null));

        page.WaitForAssertion(() => Assert.Equal(["old-weak", "hand-made", "strong-negative"], Rows(page)));
        Assert.Equal("old-weak", Selected(page));
        Assert.Equal("Someone deleted “medium finding”; it left the queue.", page.Find("[data-testid=queue-announcement]").TextContent);
    }

    [Fact]
    public void An_empty_queue_says_there_is_nothing_to_review_and_links_to_every_finding()
    {
        Review.Findings.RemoveAll(f => f.Status == FindingStatus.Open);

        var empty = Open().Find("[data-testid=queue-empty]");

        Assert.Contains("Nothing to review", empty.TextContent);
        Assert.Equal("findings", empty.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_page_listens_for_exactly_its_shortcut_keys_and_stops_listening_and_following_changes_when_closed()
    {
        var page = Open();
        page.WaitForAssertion(() => _module.VerifyInvoke("listen"));
        Assert.Equal(ReviewShortcuts.Keys, _module.Invocations["listen"][0].Arguments[1]);
        Assert.Equal("on", page.Find("[data-testid=document-shortcuts]").GetAttribute("data-shortcuts"));
        Assert.Equal(1, FindingFeed.Subscribers);

        await DisposeComponentsAsync();

        Assert.Equal(0, FindingFeed.Subscribers);
        _keys.VerifyInvoke("dispose");
    }

}
