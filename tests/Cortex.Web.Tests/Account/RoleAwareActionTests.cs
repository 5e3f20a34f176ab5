using Cortex.Web.Components.Pages.Concepts;
using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Components.Pages.Models;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using MudBlazor;

namespace Cortex.Web.Tests.Account;

/// <summary>Each page offers only what the signed-in role may do, and the handlers refuse the rest even when a stale page still shows it.</summary>
public sealed class RoleAwareActionTests : DashboardContext
{
    public RoleAwareActionTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "bias run", ExperimentMethod.ShortcutReview, ExperimentStatus.Failed, "c1"));
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "red circle tokens mark grass", 3, 7));
        Models.Models.Add(FakeModelCatalog.BuiltIn with { Id = "tiny", Name = "tiny", IsBuiltIn = false });
    }

    /// <summary>The experiment toolbar's buttons and button-styled links, in order.</summary>
    static IReadOnlyList<string> Actions(IRenderedComponent<ExperimentDetails> page) =>
        [.. page.WaitForElements("[data-testid=experiment-actions] :is(button, a)").Select(e => e.TextContent.Trim())];

    [Fact]
    public void A_viewer_sees_no_concept_actions_and_an_editor_does()
    {
        SignIn("val", Role.Viewer);
        var list = Render<ConceptList>();
        Assert.Single(list.FindAll("tbody tr"));
        Assert.Empty(list.FindAll("[data-testid=new-concept], [data-testid=edit-concept], [data-testid=delete-concept]"));
        var details = Render<ConceptDetails>(p => p.Add(c => c.Id, "c1"));
        Assert.Empty(details.FindAll("[data-testid=edit-concept], [data-testid=delete-concept]"));

        SignIn("ed", Role.Editor);
        list = Render<ConceptList>();
        Assert.Equal(3, list.FindAll("[data-testid=new-concept], [data-testid=edit-concept], [data-testid=delete-concept]").Count);
    }

    [Fact]
    public void A_viewer_on_an_experiment_may_export_and_copy_the_link_but_not_run_delete_or_annotate()
    {
        SignIn("val", Role.Viewer);
        var page = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));

        Assert.Equal(["Export (zip)", "Copy link"], Actions(page));
        Assert.Empty(page.FindAll("[data-testid=annotation-add]"));
        Assert.Equal("You need the editor role to add annotations.", page.Find("[data-testid=annotations-read-only]").TextContent.Trim());
    }

    [Fact]
    public void An_editor_on_an_experiment_may_queue_it_again_re_run_delete_and_annotate()
    {
        SignIn("ed", Role.Editor);
        var page = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));

        Assert.Equal(["Queue again", "Re-run", "Re-run with changes", "Export (zip)", "Copy link", "Delete"], Actions(page));
        Assert.NotEmpty(page.FindAll("[data-testid=annotation-add]"));
    }

    [Fact]
    public void A_finding_offers_viewers_nothing_editors_a_comment_and_reviewers_the_verdicts()
    {
        SignIn("val", Role.Viewer);
        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        Assert.Empty(page.FindAll("[data-testid=finding-verdicts], [data-testid=finding-comment]"));
        Assert.Equal("You need the reviewer role to confirm, dismiss or reopen a finding.", page.Find("[data-testid=verdicts-need-reviewer]").TextContent.Trim());

        SignIn("ed", Role.Editor);
        page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        Assert.Empty(page.FindAll("[data-testid=finding-verdicts]"));
        Assert.NotEmpty(page.FindAll("[data-testid=finding-comment]"));

        SignIn("rev", Role.Reviewer);
        page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        Assert.NotEmpty(page.FindAll("[data-testid=finding-action-confirmed]"));
        Assert.NotEmpty(page.FindAll("[data-testid=finding-comment]"));
    }

    [Fact]
    public void Only_an_admin_registers_and_unregisters_models()
    {
        SignIn("rev", Role.Reviewer);
        Assert.Empty(Render<ModelList>().FindAll("[data-testid=register-model]"));
        Assert.Empty(Render<ModelDetails>(p => p.Add(c => c.Id, "tiny")).FindAll("[data-testid=unregister-model]"));

        SignIn("root", Role.Admin);
        Assert.NotEmpty(Render<ModelList>().FindAll("[data-testid=register-model]"));
        Assert.NotEmpty(Render<ModelDetails>(p => p.Add(c => c.Id, "tiny")).FindAll("[data-testid=unregister-model]"));
    }

    // The circuit learns of a changed role while the page stays open (the server revalidates every ~30 s): what
    // the page offers follows at once, without a reload, in both directions.
    [Fact]
    public void Open_pages_offer_what_a_changed_role_allows_without_a_reload()
    {
        SignIn("val", Role.Viewer);
        var list = Render<ConceptList>();
        var details = Render<ConceptDetails>(p => p.Add(c => c.Id, "c1"));
        var finding = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));
        var experiment = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
        Assert.Empty(list.FindAll("[data-testid=new-concept]"));

        SignIn("val", Role.Reviewer);

        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("[data-testid=new-concept]")));
        details.WaitForAssertion(() => Assert.NotEmpty(details.FindAll("[data-testid=edit-concept]")));
        finding.WaitForAssertion(() => Assert.NotEmpty(finding.FindAll("[data-testid=finding-action-confirmed]")));
        experiment.WaitForAssertion(() => Assert.Contains("Delete", Actions(experiment)));

        SignIn("val", Role.Viewer);

        list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid=new-concept], [data-testid=edit-concept], [data-testid=delete-concept]")));
        details.WaitForAssertion(() => Assert.Empty(details.FindAll("[data-testid=edit-concept], [data-testid=delete-concept]")));
        finding.WaitForAssertion(() => Assert.Empty(finding.FindAll("[data-testid=finding-verdicts], [data-testid=finding-comment]")));
        experiment.WaitForAssertion(() => Assert.Equal(["Export (zip)", "Copy link"], Actions(experiment)));
    }

    [Fact]
    public void An_open_model_list_offers_registration_once_its_viewer_becomes_a_server_administrator()
    {
        SignIn("rev", Role.Reviewer);
        var list = Render<ModelList>();
        Assert.Empty(list.FindAll("[data-testid=register-model]"));

        SignIn("rev", Role.Admin);

        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("[data-testid=register-model]")));
    }

    // A dialog keeps its buttons whatever the role: what a person opened stays open when an admin lowers their role meanwhile.
    [Fact]
    public void A_concept_dialog_opened_by_an_editor_saves_nothing_once_the_role_dropped_to_viewer()
    {
        SignIn("ed", Role.Editor);
        var dialogs = Render<MudDialogProvider>();
        Render<ConceptList>().Find("[data-testid=new-concept]").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindComponents<MudTextField<string>>()));
        dialogs.TextField("Name").Type("green triangle");

        SignIn("ed", Role.Viewer);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("You need the editor role to create concepts.", this.Snackbars()));
        Assert.Empty(Concepts.Requests);
        Assert.Single(Concepts.Concepts);
    }

    [Fact]
    public void A_registration_opened_by_an_administrator_is_refused_once_they_are_no_longer_one()
    {
        var dialogs = Render<MudDialogProvider>();
        Render<ModelList>().Find("[data-testid=register-model]").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=register-save]")));
        dialogs.TextField("Name").Type("tiny cin");

        SignIn("tester", Role.Admin, administrator: false);
        dialogs.Find("[data-testid=register-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Only a server administrator may register models.", this.Snackbars()));
        Assert.Empty(Models.Registrations);
    }
}
