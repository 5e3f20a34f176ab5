using Cortex.Web.Components.Pages.Concepts;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Concepts;

public sealed class ConceptDetailsTests : DashboardContext
{
    IRenderedComponent<MudDialogProvider> _dialogs = default!;

    public ConceptDetailsTests()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "blue square", classId: 1, ConceptSource.Filter)
            with { Description = "Blue squares on light green.", Background = "LightGreen", CreatedBy = "ada", UpdatedBy = "grace" });
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "shortcut hunt", ExperimentMethod.ShortcutReview, ExperimentStatus.Running, "c1", "c2"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e2", "tokens of red", ExperimentMethod.ConceptLevel, ExperimentStatus.Succeeded, "c2"));
    }

    IRenderedComponent<ConceptDetails> RenderPage(string id)
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<ConceptDetails>(p => p.Add(c => c.Id, id));
    }

    [Fact]
    public void Shows_the_details_the_support_images_with_alt_text_and_the_experiments_that_use_the_concept()
    {
        var page = RenderPage("c1");

        Assert.Equal("Blue squares on light green.", page.Find("[data-testid=concept-description]").TextContent);
        Assert.Contains("filter", page.Markup);
        Assert.Contains("LightGreen", page.Markup);
        Assert.Contains("ada", page.Markup);
        Assert.Contains("grace", page.Markup);

        var images = page.FindAll("[data-testid=support-images] img");
        Assert.Equal(16, images.Count);
        Assert.Equal(ApiUrls.SupportImage("c1", 3, 16, 1, Concepts.Concepts[0].UpdatedAt), images[3].GetAttribute("src"));
        Assert.Equal("Support image 3 of blue square", images[3].GetAttribute("alt"));

        var link = Assert.Single(page.FindAll("[data-testid=concept-experiments] a"));
        Assert.Equal("experiments/e1", link.GetAttribute("href"));
        Assert.Equal("shortcut hunt", link.TextContent);
        Assert.Contains("shortcut-review", page.Find("[data-testid=concept-experiments]").TextContent);
        Assert.Equal("running", page.Find("[data-testid=status-chip]").TextContent.Trim());
    }

    [Fact]
    public void An_unknown_id_says_so_instead_of_failing()
    {
        var page = RenderPage("nope");

        Assert.Equal("There is no concept with id 'nope' in this workspace.", page.Find("[data-testid=concept-missing]").TextContent.Trim());
    }

    [Fact]
    public void A_concept_no_experiment_uses_says_so()
    {
        Experiments.Experiments.Clear();

        Assert.NotNull(RenderPage("c2").Find("[data-testid=no-experiments]"));
    }

    [Fact]
    public void Edit_saves_and_shows_the_new_details()
    {
        var page = RenderPage("c2");
        page.Find("[data-testid=edit-concept]").Click();
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindComponents<MudTextField<string>>()));

        _dialogs.TextField("Description").Type("Plain red circles.");
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Equal("Plain red circles.", page.Find("[data-testid=concept-description]").TextContent));
        Assert.Equal("Plain red circles.", Assert.Single(Concepts.Requests).Description);
    }

    [Fact]
    public void Delete_goes_back_to_the_list_once_done()
    {
        Experiments.Experiments.Clear();
        var page = RenderPage("c2");

        page.Find("[data-testid=delete-concept]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'red circle'?", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Equal("http://localhost/concepts", navigation.Uri));
        Assert.DoesNotContain(Concepts.Concepts, c => c.Id == "c2");
    }

    [Fact]
    public void A_refused_delete_stays_on_the_page_and_says_why()
    {
        Services.AddSingleton<IConceptService>(new RefusingConceptService(Concepts));
        var page = RenderPage("c1");

        page.Find("[data-testid=delete-concept]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'blue square'?", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        page.WaitForAssertion(() => Assert.Contains($"'blue square' was not deleted: {RefusingConceptService.Refusal}", this.Snackbars()));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.NotNull(page.Find("[data-testid=concept-description]"));
    }
}
