using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Cortex.Web.Tests.Experiments;

public sealed class NewExperimentTests : DashboardContext
{
    public NewExperimentTests()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle", classId: 0));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Concepts.Concepts.Add(FakeConceptService.Concept("c3", "green triangle", classId: 2));
    }

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    IRenderedComponent<NewExperiment> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<NewExperiment>();
    }

    static void Submit(IRenderedComponent<NewExperiment> page) => page.Find("[data-testid=create-experiment]").Click();

    static int IntValue(IRenderedComponent<NewExperiment> page, string label) => page.NumericField<int>(label).Instance.GetState(f => f.Value);

    [Fact]
    public async Task An_empty_name_and_a_single_concept_show_a_message_at_each_field_and_nothing_is_sent()
    {
        var page = RenderPage();
        await page.Select("Concepts").ChooseManyAsync("c1");

        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("A name is required.", page.TextField("Name").Markup));
        Assert.Contains("Choose at least two concepts", page.Select("Concepts").Markup);
        Assert.Empty(Experiments.Requests);
        Assert.Contains("Some fields need attention; see the messages next to them.", this.Snackbars());

        page.TextField("Name").Type("now named");
        Assert.DoesNotContain("A name is required.", page.TextField("Name").Markup);
    }

    [Fact]
    public async Task A_valid_form_sends_exactly_what_it_shows_under_the_users_name_and_opens_the_new_experiment()
    {
        SignIn("ada", Role.Editor);
        var page = RenderPage();
        page.TextField("Name").Type("  shapes  ");
        await page.Select("Concepts").ChooseManyAsync("c2");
        await page.Select("Concepts").ChooseManyAsync("c1", "c2");
        await page.Select("Reduction over the embedding").ChooseAsync("l2");
        page.NumericField<int>("Token set size").Type("12");

        Submit(page);

        page.WaitForAssertion(() => Assert.Single(Experiments.Requests));
        var request = Experiments.Requests.Single();
        Assert.Equal("shapes", request.Name);
        Assert.Equal("builtin", request.ModelId);
        Assert.Equal(["c2", "c1"], request.ConceptIds!);
        Assert.Equal("sample-level", request.Method);
        Assert.Equal(new ExperimentParameters { Reduction = "l2", TokenNum = 12 }, request.Parameters);
        Assert.Equal("ada", Experiments.Experiments.Single().CreatedBy);
        Assert.Equal("http://localhost/experiments/e1", Navigation.Uri);
        Assert.Contains("Experiment 'shapes' is queued.", this.Snackbars());
    }

    [Fact]
    public async Task Fields_the_server_refuses_show_their_message_next_to_them_and_the_rest_in_an_alert()
    {
        var page = RenderPage();
        page.TextField("Name").Type("shapes");
        await page.Select("Concepts").ChooseManyAsync("c1", "c2");
        Experiments.NextResult = ServiceResult<ExperimentDocument>.Invalid(new Dictionary<string, string[]>
        {
            ["name"] = ["An experiment named 'shapes' runs already."],
            ["conceptIds[1]"] = ["Unknown concept 'c2'."],
            ["parameters.topN"] = ["Must lie in 1..4 here."],
            ["parameters.steps"] = ["Too many steps."],
            ["parameters.mystery"] = ["Something new."],
        });

        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("An experiment named 'shapes' runs already.", page.TextField("Name").Markup));
        Assert.Single(Experiments.Requests);
        Assert.Contains("Unknown concept 'c2'.", page.Select("Concepts").Markup);
        Assert.Contains("Must lie in 1..4 here.", page.NumericField<int>("n (top tokens per image)").Markup);
        var others = page.FindAll("[data-testid=other-error]").Select(e => e.TextContent).ToList();
        Assert.Equal(["parameters.steps: Too many steps.", "parameters.mystery: Something new."], others);
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public async Task Once_a_refused_form_is_fixed_and_sent_its_warnings_leave_with_it()
    {
        var page = RenderPage();
        Submit(page);
        page.WaitForAssertion(() => Assert.Contains("Some fields need attention; see the messages next to them.", this.Snackbars()));
        page.TextField("Name").Type("shapes");
        await page.Select("Concepts").ChooseManyAsync("c1", "c2");
        Experiments.NextResult = ServiceResult<ExperimentDocument>.Invalid(new Dictionary<string, string[]> { ["name"] = ["An experiment named 'shapes' runs already."] });
        Submit(page);
        page.WaitForAssertion(() => Assert.Contains("The server refused some fields; see the messages next to them.", this.Snackbars()));

        page.TextField("Name").Type("shapes 2");
        Submit(page);

        page.WaitForAssertion(() => Assert.Equal("http://localhost/experiments/e1", Navigation.Uri));
        Assert.Equal(["Experiment 'shapes 2' is queued."], this.Snackbars());
    }

    [Fact]
    public async Task Leaving_the_form_takes_its_warnings_away()
    {
        var page = RenderPage();
        Submit(page);
        page.WaitForAssertion(() => Assert.Contains("Some fields need attention; see the messages next to them.", this.Snackbars()));

        await DisposeComponentsAsync();

        Assert.Empty(this.Snackbars());
    }

    [Fact]
    public async Task A_service_refusal_that_is_not_about_fields_shows_in_a_snackbar()
    {
        var page = RenderPage();
        page.TextField("Name").Type("shapes");
        await page.Select("Concepts").ChooseManyAsync("c1", "c2");
        Experiments.NextResult = ServiceResult<ExperimentDocument>.Conflict("The queue is closed for maintenance.");

        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("The queue is closed for maintenance.", this.Snackbars()));
        Assert.False(page.Find("[data-testid=create-experiment]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_codebook_level_run_takes_the_quick_preset_a_source_image_and_a_drawn_region()
    {
        var page = RenderPage();
        page.TextField("Name").Type("edit red into blue");
        await page.Select("Method").ChooseAsync("codebook-level");
        await page.Select("Concepts").ChooseManyAsync("c1", "c2");
        page.Find("[data-testid=quick-preset]").Click();
        page.WaitForAssertion(() => Assert.Equal(16, page.FindAll("[data-testid=source-images] img").Count));
        Assert.Equal(16, IntValue(page, "Images per concept"));
        Assert.Equal(60, IntValue(page, "Steps"));

        var thumbnails = page.FindAll("[data-testid=source-images] img");
        Assert.Equal("Support image 2 of red circle", thumbnails[2].GetAttribute("alt"));
        page.FindAll("[data-testid=source-images] button")[2].Click();
        page.WaitForAssertion(() => Assert.Equal(ApiUrls.SupportImage("c1", 2, 16, 1), page.Find("[data-testid=region-picker] img").GetAttribute("src")));

        Assert.Contains("64 of 8×8 cells (whole grid)", page.Find("[data-testid=region-caption]").TextContent);
        page.Find("[data-testid=region-clear]").Click();
        page.FindAll(".token-grid-cell")[0].PointerDown();
        page.FindAll(".token-grid-cell")[1].PointerEnter();
        page.FindAll(".token-grid-cell")[9].PointerEnter();
        page.FindAll(".token-grid-cell")[9].PointerUp();
        Submit(page);

        page.WaitForAssertion(() => Assert.Single(Experiments.Requests));
        var request = Experiments.Requests.Single();
        Assert.Equal("codebook-level", request.Method);
        Assert.Equal([0, 1, 9], request.Parameters!.Region!);
        Assert.Equal(new ExperimentParameters
        {
            ImagesPerConcept = 16, ExtractorEpochs = 5, Steps = 60, DecodeEvery = 5, SourceConceptId = "c1", TargetConceptId = "c2", SourceImage = 2,
        }, request.Parameters with { Region = null });
    }

    [Fact]
    public async Task Codebook_level_choices_are_checked_before_sending()
    {
        var page = RenderPage();
        page.TextField("Name").Type("bad edit");
        await page.Select("Method").ChooseAsync("codebook-level");
        await page.Select("Concepts").ChooseManyAsync("c1", "c2");
        await page.Select("Target concept").ChooseAsync("c1");
        page.Find("[data-testid=region-clear]").Click();
        page.NumericField<int>("Source image index").Type("64");
        page.NumericField<double>("Learning rate").Type("0");

        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("The target must differ from the source.", page.Select("Target concept").Markup));
        Assert.Empty(Experiments.Requests);
        Assert.Contains("Must lie in 0..63", page.NumericField<int>("Source image index").Markup);
        Assert.Contains("Must be a positive finite number", page.NumericField<double>("Learning rate").Markup);
        Assert.Contains("The region is empty", page.Find("[data-testid=region-error]").TextContent);
        Assert.Contains("Choose a source image in the support set", page.Markup);

        page.NumericField<int>("Source image index").Type("0");
        page.Find("[data-testid=region-whole]").Click();
        Assert.Empty(page.FindAll("[data-testid=region-error]"));
        Assert.DoesNotContain("Must lie in 0..63", page.NumericField<int>("Source image index").Markup);
    }

    [Fact]
    public void Starting_from_an_experiment_fills_in_its_spec_to_rerun_with_changes()
    {
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e7", "first edit", ExperimentMethod.CodebookLevel, ExperimentStatus.Succeeded, "c3", "c1") with
        {
            Parameters = new ExperimentParameters
            {
                Extractor = "transformer", TisMethod = "occlusion", ImagesPerConcept = 32, Seed = 9, Steps = 120, EmbeddingSpace = true,
                SourceConceptId = "c3", TargetConceptId = "c1", SourceImage = 4, Region = [2, 3],
            },
        });
        Navigation.NavigateTo("experiments/new?from=e7");
        var page = RenderPage();

        Assert.Contains("first edit", page.Find("[data-testid=from-notice]").TextContent);
        Assert.Equal(32, IntValue(page, "Images per concept"));
        Assert.Equal(2, page.FindAll(".token-grid-cell.is-selected").Count);
        page.NumericField<int>("Steps").Type("240");
        Submit(page);

        page.WaitForAssertion(() => Assert.Single(Experiments.Requests));
        var request = Experiments.Requests.Single();
        Assert.Equal("first edit (re-run)", request.Name);
        Assert.Equal(["c3", "c1"], request.ConceptIds!);
        Assert.Equal("codebook-level", request.Method);
        Assert.Equal([2, 3], request.Parameters!.Region!);
        Assert.Equal(Experiments.Experiments[0].Parameters with { Steps = 240, Region = null }, request.Parameters with { Region = null });
        Assert.Equal("http://localhost/experiments/e2", Navigation.Uri);
    }

    [Fact]
    public void A_probes_saved_image_opens_a_codebook_level_search_from_it()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("u1", "my edits", classId: 0, source: ConceptSource.Uploaded));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e7", "probed", ExperimentMethod.ConceptLevel, ExperimentStatus.Succeeded, "c1", "c2"));
        Navigation.NavigateTo("experiments/new?from=e7&source=u1&sourceImage=70");
        var page = RenderPage();

        Assert.Contains("image 70 of 'my edits'", page.Find("[data-testid=from-notice]").TextContent);
        Assert.Equal(70, IntValue(page, "Source image index"));
        // The support set holds an uploaded concept's first images: it must reach the saved one.
        Assert.Equal(71, IntValue(page, "Images per concept"));
        Submit(page);

        page.WaitForAssertion(() => Assert.Single(Experiments.Requests));
        var request = Experiments.Requests.Single();
        Assert.Equal("codebook-level", request.Method);
        Assert.Equal(["u1", "c1", "c2"], request.ConceptIds!);
        Assert.Equal(("u1", 70, "c1"), (request.Parameters!.SourceConceptId, request.Parameters.SourceImage, request.Parameters.TargetConceptId));
    }

    [Fact]
    public void An_unknown_experiment_to_start_from_is_named_and_the_defaults_are_shown()
    {
        Navigation.NavigateTo("experiments/new?from=gone");
        var page = RenderPage();

        Assert.Contains("There is no experiment with id 'gone'", page.Find("[data-testid=from-notice]").TextContent);
        Assert.Equal(64, IntValue(page, "Images per concept"));
    }
}
