using Cortex.Web.Components.Pages.Concepts;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Cortex.Web.Tests.Concepts;

public sealed class ConceptListTests : DashboardContext
{
    IRenderedComponent<MudDialogProvider> _dialogs = default!;

    public ConceptListTests()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle", classId: 0));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square on green", classId: 1, ConceptSource.Filter) with { Background = "LightGreen", UpdatedBy = "ada" });
    }

    IRenderedComponent<ConceptList> RenderPage()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<ConceptList>();
    }

    static IReadOnlyList<string> RowNames(IRenderedComponent<ConceptList> page) => [.. page.FindAll("tbody tr a").Select(a => a.TextContent.Trim())];

    static AngleSharp.Dom.IElement SearchBox(IRenderedComponent<ConceptList> page) => page.FindComponents<MudTextField<string>>().Single().Find("input");

    IRenderedComponent<MudTextField<string>> DialogField(string label)
    {
        _dialogs.WaitForAssertion(() => Assert.NotEmpty(_dialogs.FindComponents<MudTextField<string>>()));
        return _dialogs.TextField(label);
    }

    void ClickDialogButton(string text) => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    [Fact]
    public void Lists_each_concept_with_its_class_source_background_and_editor_and_the_search_box_filters_them()
    {
        var page = RenderPage();

        Assert.Equal(["blue square on green", "red circle"], RowNames(page));
        var filterRow = page.FindAll("tbody tr")[0].TextContent;
        Assert.Contains("blue square", filterRow);
        Assert.Contains("filter", filterRow);
        Assert.Contains("LightGreen", filterRow);
        Assert.Contains("ada", filterRow);
        Assert.Equal("concepts/c1", page.FindAll("tbody tr a")[1].GetAttribute("href"));

        SearchBox(page).Input("red");
        Assert.Equal(["red circle"], RowNames(page));

        SearchBox(page).Input("nothing like this");
        Assert.Contains("No concept matches", page.Markup);
    }

    [Fact]
    public void A_new_concept_without_name_or_class_shows_a_message_at_each_field_and_sends_nothing()
    {
        var page = RenderPage();
        page.Find("[data-testid=new-concept]").Click();
        DialogField("Name");

        ClickDialogButton("Save");

        _dialogs.WaitForAssertion(() => Assert.Contains("A name is required.", _dialogs.TextField("Name").Markup));
        Assert.Contains("Choose one of the model's classes.", _dialogs.Select("Class").Markup);
        Assert.Empty(Concepts.Requests);
    }

    [Fact]
    public async Task A_valid_new_concept_is_created_with_the_users_name_and_appears_in_the_table()
    {
        var page = RenderPage();
        SignIn("grace", Role.Editor);
        page.Find("[data-testid=new-concept]").Click();
        DialogField("Name").Type("  green triangle  ");
        await _dialogs.Select("Class").ChooseAsync("green triangle");
        await _dialogs.Select("Support set").ChooseAsync("encoded");

        ClickDialogButton("Save");

        _dialogs.WaitForAssertion(() => Assert.Single(Concepts.Requests));
        var request = Concepts.Requests.Single();
        Assert.Equal(new ConceptRequest { Name = "green triangle", Description = null, ModelId = "builtin", Source = "encoded", ClassName = "green triangle" }, request);
        page.WaitForAssertion(() => Assert.Contains("green triangle", RowNames(page)));
        Assert.Equal("grace", Concepts.Concepts.Single(c => c.Name == "green triangle").CreatedBy);
        Assert.Contains("Concept 'green triangle' created.", this.Snackbars());
        Assert.Empty(_dialogs.FindAll("[data-testid=concept-save]"));
    }

    [Fact]
    public async Task An_uploaded_concept_needs_no_class_and_opens_its_page_to_take_images()
    {
        RenderPage().Find("[data-testid=new-concept]").Click();
        DialogField("Name").Type("my photos");
        await _dialogs.Select("Support set").ChooseAsync("uploaded");

        Assert.True(_dialogs.Select("Class (optional)").Instance.Clearable);
        ClickDialogButton("Save");

        _dialogs.WaitForAssertion(() => Assert.Single(Concepts.Requests));
        Assert.Equal(new ConceptRequest { Name = "my photos", ModelId = "builtin", Source = "uploaded" }, Concepts.Requests.Single());
        var created = Concepts.Concepts.Single(c => c.Name == "my photos");
        Assert.Equal($"http://localhost/concepts/{created.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task A_filter_needs_a_background_and_what_the_server_refuses_shows_next_to_its_field_or_apart()
    {
        var page = RenderPage();
        page.Find("[data-testid=new-concept]").Click();
        DialogField("Name").Type("red on sand");
        await _dialogs.Select("Class").ChooseAsync("red circle");
        await _dialogs.Select("Support set").ChooseAsync("filter");
        ClickDialogButton("Save");
        _dialogs.WaitForAssertion(() => Assert.Contains("A filter needs a background", _dialogs.Select("Background").Markup));
        Assert.Empty(Concepts.Requests);

        await _dialogs.Select("Background").ChooseAsync("Beige");
        Concepts.NextResult = ServiceResult<ConceptDocument>.Invalid(new Dictionary<string, string[]>
        {
            ["name"] = ["A concept named 'red on sand' exists."],
            ["modelId"] = ["Unknown model 'builtin'."],
            ["support"] = ["The support set is unavailable."],
        });
        ClickDialogButton("Save");

        _dialogs.WaitForAssertion(() => Assert.Contains("A concept named 'red on sand' exists.", _dialogs.TextField("Name").Markup));
        Assert.Equal("Beige", Assert.Single(Concepts.Requests).Background);
        Assert.Contains("A concept named 'red on sand' exists.", _dialogs.TextField("Name").Markup);
        Assert.Contains("Unknown model 'builtin'.", _dialogs.Select("Model").Markup);
        Assert.Contains("support: The support set is unavailable.", _dialogs.Find("[data-testid=concept-other-error]").TextContent);
        Assert.DoesNotContain("red on sand", RowNames(page));
    }

    [Fact]
    public void Editing_starts_from_the_concept_and_saves_the_change()
    {
        var page = RenderPage();
        page.FindAll("[data-testid=edit-concept]")[1].Click();

        Assert.Equal("red circle", DialogField("Name").Instance.GetState(f => f.Value));
        Assert.Equal("red circle", _dialogs.Select("Class").Instance.GetState(f => f.Value));
        DialogField("Name").Type("crimson circle");
        ClickDialogButton("Save");

        _dialogs.WaitForAssertion(() => Assert.Single(Concepts.Requests));
        Assert.Equal(new ConceptRequest { Name = "crimson circle", Description = "", ModelId = "builtin", Source = "encoded", ClassName = "red circle" },
            Assert.Single(Concepts.Requests));
        page.WaitForAssertion(() => Assert.Equal(["blue square on green", "crimson circle"], RowNames(page)));
        Assert.Contains("Concept 'crimson circle' saved.", this.Snackbars());
    }

    [Fact]
    public void Delete_asks_first_and_removes_the_row_once_confirmed()
    {
        var page = RenderPage();

        page.FindAll("[data-testid=delete-concept]")[1].Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'red circle'?", _dialogs.Markup));
        ClickDialogButton("Keep");
        Assert.Equal(2, Concepts.Concepts.Count);

        page.FindAll("[data-testid=delete-concept]")[1].Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'red circle'?", _dialogs.Markup));
        ClickDialogButton("Delete");

        page.WaitForAssertion(() => Assert.Equal(["blue square on green"], RowNames(page)));
        Assert.Contains("Concept 'red circle' deleted.", this.Snackbars());
    }

    [Fact]
    public void A_refused_delete_says_why_and_keeps_the_row()
    {
        Services.AddSingleton<IConceptService>(new RefusingConceptService(Concepts));
        var page = RenderPage();

        page.FindAll("[data-testid=delete-concept]")[1].Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 'red circle'?", _dialogs.Markup));
        ClickDialogButton("Delete");

        page.WaitForAssertion(() => Assert.Contains($"'red circle' was not deleted: {RefusingConceptService.Refusal}", this.Snackbars()));
        Assert.Equal(["blue square on green", "red circle"], RowNames(page));
    }
}
