using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Components.Shared;
using Cortex.Web.Tests.Fakes;
using MudBlazor;

namespace Cortex.Web.Tests.Account;

/// <summary>The audit trail: who did what to an experiment or a finding, and when, newest first.</summary>
public sealed class AuditTrailTests : DashboardContext
{
    static readonly DateTime At = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public AuditTrailTests()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Running, "c1"));
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "red circle tokens mark grass", 3));
        Accounts.Audit.Add(new AuditEntry(At, "ada", "created", "experiment", "e1", "shortcut-review on red circle"));
        Accounts.Audit.Add(new AuditEntry(At.AddMinutes(5), "bo", "cancelled", "experiment", "e1", ""));
        Accounts.Audit.Add(new AuditEntry(At, "ada", "created", "concept", "c1", "<b>not this one</b>"));
    }

    [Fact]
    public void Entries_show_actor_action_detail_and_utc_time_newest_first_as_text()
    {
        Accounts.Audit.Add(new AuditEntry(At.AddMinutes(9), "eve", "renamed", "experiment", "e1", "<b>bold</b>"));

        var trail = Render<AuditTrail>(p => p.Add(a => a.TargetId, "e1"));

        var entries = trail.FindAll("[data-testid=audit-entry]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(3, entries.Count);
        Assert.StartsWith("eve renamed: <b>bold</b>", entries[0]);
        Assert.StartsWith("bo cancelled", entries[1]);
        Assert.EndsWith("2025-03-01 09:05 UTC", entries[1]);
        Assert.StartsWith("ada created: shortcut-review on red circle", entries[2]);
        Assert.Empty(trail.FindAll("[data-testid=audit-trail] b"));
    }

    [Fact]
    public void A_target_without_entries_says_so()
    {
        Assert.Equal("Nothing recorded yet.", Render<AuditTrail>(p => p.Add(a => a.TargetId, "nothing")).Find("[data-testid=audit-empty]").TextContent);
    }

    [Fact]
    public void The_experiment_page_shows_its_trail_and_reloads_it_after_an_action()
    {
        var page = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=audit-entry]").Count));

        Accounts.Audit.Add(new AuditEntry(At.AddMinutes(7), "tester", "cancelled", "experiment", "e1", ""));
        page.FindAll("[data-testid=experiment-actions] button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        _dialogs.WaitForAssertion(() => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Stop the run").Click());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=audit-entry]").Count));
        Assert.StartsWith("tester cancelled", page.Find("[data-testid=audit-entry]").TextContent.Trim());
    }

    [Fact]
    public void The_finding_page_shows_its_trail_and_reloads_it_after_a_review()
    {
        Accounts.Audit.Add(new AuditEntry(At, "worker", "raised", "finding", "f1", "Cliff's delta 0.88"));
        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        Assert.StartsWith("worker raised: Cliff's delta 0.88", page.Find("[data-testid=audit-entry]").TextContent.Trim());

        Accounts.Audit.Add(new AuditEntry(At.AddHours(1), "tester", "commented", "finding", "f1", ""));
        page.Find("[data-testid=finding-comment] textarea").Change("checking other seeds");
        page.Find("[data-testid=finding-comment] button").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=audit-entry]").Count));
    }
}
