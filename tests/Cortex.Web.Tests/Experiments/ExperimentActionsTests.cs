using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Components.Shared;
using Cortex.Web.Tests.Fakes;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>The experiment toolbar's actions that cannot be undone ask first, and the page follows a run that ended.</summary>
public sealed class ExperimentActionsTests : DashboardContext
{
    readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public ExperimentActionsTests()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        JSInterop.SetupModule(LiveFrameView.ModulePath).SetupModule("start", _ => true);
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "search", ExperimentMethod.CodebookLevel, ExperimentStatus.Running, "c1", "c2"));
    }

    IRenderedComponent<ExperimentDetails> Open() => Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));

    static AngleSharp.Dom.IElement Action(IRenderedComponent<ExperimentDetails> page, string text) =>
        page.FindAll("[data-testid=experiment-actions] :is(button, a)").Single(e => e.TextContent.Trim() == text);

    static bool IsDisabled(AngleSharp.Dom.IElement action) => action.HasAttribute("disabled") || action.ClassList.Contains("mud-button-disabled");

    void ClickDialogButton(string text) => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    [Fact]
    public void Cancel_asks_first_and_the_cancelled_run_shows_no_live_controls_and_exports_what_it_has()
    {
        var page = Open();
        page.WaitForElement("[data-testid=live-pause]");
        Assert.True(IsDisabled(Action(page, "Export (zip)")));

        Action(page, "Cancel").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Stop 'search'?", _dialogs.Markup));
        ClickDialogButton("Keep running");
        Assert.Equal(ExperimentStatus.Running, Experiments.Experiments.Single().Status);

        Action(page, "Cancel").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Stop 'search'?", _dialogs.Markup));
        ClickDialogButton("Stop the run");

        page.WaitForAssertion(() => Assert.Equal("cancelled", page.Find("[data-testid=status-chip]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=live-pause]"));
        Assert.False(IsDisabled(Action(page, "Export (zip)")));
        Assert.DoesNotContain(page.FindAll("[data-testid=experiment-actions] button"), b => b.TextContent.Trim() == "Cancel");
    }

    [Fact]
    public void Delete_asks_first_and_keep_keeps_the_experiment()
    {
        Experiments.Experiments[0] = Experiments.Experiments[0] with { Status = ExperimentStatus.Cancelled };
        var page = Open();

        Action(page, "Delete").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'search', its results and its annotations?", _dialogs.Markup));
        ClickDialogButton("Keep");
        Assert.Single(Experiments.Experiments);

        Action(page, "Delete").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'search', its results and its annotations?", _dialogs.Markup));
        ClickDialogButton("Delete");
        page.WaitForAssertion(() => Assert.Empty(Experiments.Experiments));
    }
}
