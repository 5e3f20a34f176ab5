using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

public sealed class ProbeTabTests : DashboardContext
{
    const int Grid = 4;
    static readonly long[] Image0 = [.. Enumerable.Range(0, 16).Select(i => (long)(i % 5))];
    static readonly long[] Image1 = [.. Enumerable.Repeat(3L, 16)];

    public ProbeTabTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Concepts.Concepts.Add(FakeConceptService.Concept("u1", "my edits", source: ConceptSource.Uploaded));
        Models.Models[0] = FakeModelCatalog.BuiltIn with { GridSize = Grid, Evaluators = ["cnn", "mixer"] };
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "probe run", ExperimentMethod.ConceptLevel, ExperimentStatus.Succeeded, "c1", "c2") with
        {
            Summary = new ExperimentSummary { TokenSets = { ["red circle"] = [new TokenCountEntry(40, 2), new TokenCountEntry(41, 1)], ["blue square"] = [new TokenCountEntry(3, 1)] } },
        });
        Experiments.Saliency["e1"] = new SaliencyData("e1", Grid, ["red circle", "blue square"], [0, 1], [Image0, Image1],
            [[.. Enumerable.Range(0, 16).Select(i => i / 15f)], [.. Enumerable.Repeat(0.5f, 16)]]);
        Probes.Subjects["e1"] = (["red circle", "blue square"], [Image0, Image1], [0, 1]);
    }

    IRenderedComponent<ExperimentDetails> Open(string query = "?tab=probe")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"experiments/e1{query}");
        return Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
    }

    static string After(IRenderedComponent<ExperimentDetails> page, string judge, string concept) =>
        page.Find($"[data-testid=probe-probabilities] tr[data-judge='{judge}'][data-concept='{concept}'] [data-testid=after]").TextContent;

    [Fact]
    public void Replacing_a_cell_with_a_concept_token_probes_the_edit_and_undo_takes_it_back()
    {
        var page = Open();
        page.WaitForElement("[data-testid=probe-after]");
        var before = After(page, "cnn", "red circle");

        page.FindAll("[data-testid=probe-after] .token-grid-cell")[5].PointerDown();
        var offered = page.FindAll("[data-testid=concept-tokens] button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["40", "41"], offered);
        page.FindAll("[data-testid=concept-tokens] button")[0].Click();

        page.WaitForAssertion(() => Assert.Equal([new TokenEdit(5, 40)], Probes.Requests[^1].Edits));
        Assert.NotEqual(before, After(page, "cnn", "red circle"));
        Assert.Contains($"{Image0[5]} → 40", page.Find("[data-testid=probe-edits]").TextContent);
        Assert.Contains("After 1 edit", page.Find("[data-testid=probe-after]").TextContent);
        // The first cell's TIS (its token over the codebook) moved with its token; the before side kept the original's.
        Assert.NotEqual(page.FindAll("[data-testid=probe-before] .token-grid-cell")[5].GetAttribute("title"),
            page.FindAll("[data-testid=probe-after] .token-grid-cell")[5].GetAttribute("title"));

        page.Find("[data-testid=probe-undo]").Click();
        page.WaitForAssertion(() => Assert.Empty(Probes.Requests[^1].Edits));
        Assert.Equal(before, After(page, "cnn", "red circle"));
        Assert.Contains("None yet", page.Find("[data-testid=probe-edits]").TextContent);
    }

    [Fact]
    public void Edits_stack_from_neighbours_and_any_id_and_a_token_outside_the_codebook_is_refused_with_the_reason()
    {
        var page = Open();
        page.WaitForElement("[data-testid=probe-after]");
        page.FindAll("[data-testid=probe-after] .token-grid-cell")[2].PointerDown();
        var neighbour = page.FindAll("[data-testid=neighbour-tokens] button")[0];
        Assert.Equal($"{Image0[2] + 1}", neighbour.TextContent.Trim());
        neighbour.Click();
        page.WaitForAssertion(() => Assert.Single(Probes.Requests[^1].Edits));

        page.FindAll("[data-testid=probe-after] .token-grid-cell")[9].PointerDown();
        page.NumericField<long?>("Any token id").Type("17");
        page.Find("[data-testid=apply-any]").Click();
        page.WaitForAssertion(() => Assert.Equal([new TokenEdit(2, Image0[2] + 1), new TokenEdit(9, 17)], Probes.Requests[^1].Edits));
        Assert.Contains("After 2 edits", page.Find("[data-testid=probe-after]").TextContent);
        Assert.Contains("probe-cell-edited", page.FindAll("[data-testid=probe-after] .token-grid-cell")[2].ClassName);

        page.NumericField<long?>("Any token id").Type("999");
        page.Find("[data-testid=apply-any]").Click();
        page.WaitForAssertion(() => Assert.Contains("Token 999 is not in the codebook", page.Find("[data-testid=probe-error]").TextContent));
        Assert.Contains("After 2 edits", page.Find("[data-testid=probe-after]").TextContent);
    }

    [Fact]
    public void A_run_that_cannot_be_probed_says_why()
    {
        Probes.Unavailable["e1"] = "This run predates probing: it did not keep its trained extractor. Re-run it to probe its images.";
        var page = Open();

        page.WaitForAssertion(() => Assert.Contains("predates probing", page.Find("[data-testid=probe-unavailable]").TextContent));
        Assert.Empty(Probes.Requests);
    }

    [Fact]
    public void The_edited_image_is_saved_to_an_uploaded_concept_and_can_start_a_codebook_level_experiment()
    {
        var page = Open();
        page.WaitForElement("[data-testid=probe-after]");
        page.FindAll("[data-testid=probe-after] .token-grid-cell")[0].PointerDown();
        page.FindAll("[data-testid=concept-tokens] button")[1].Click();
        page.WaitForAssertion(() => Assert.Single(Probes.Requests[^1].Edits));

        page.Find("[data-testid=probe-save-image]").Click();
        page.WaitForAssertion(() => Assert.Contains("Saved as image 0 of 'my edits'", page.Find("[data-testid=probe-save-message]").TextContent));
        Assert.Equal(FakeProbeService.Png, Concepts.Uploads.Single().Bytes);

        page.Find("[data-testid=probe-save-source]").Click();
        page.WaitForAssertion(() => Assert.Equal("http://localhost/experiments/new?from=e1&source=u1&sourceImage=1", Services.GetRequiredService<NavigationManager>().Uri));
    }

    [Fact]
    public void Viewers_probe_but_do_not_see_the_save_panel()
    {
        SignIn("viewer", Role.Viewer);
        var page = Open();
        page.WaitForElement("[data-testid=probe-after]");

        Assert.Empty(page.FindAll("[data-testid=probe-save]"));
    }

    [Fact]
    public void Choosing_another_image_probes_it_from_scratch()
    {
        var page = Open("?tab=probe&image=1");

        page.WaitForAssertion(() => Assert.Equal(1, Probes.Requests[^1].Image));
        Assert.Contains("blue square (the image's)", page.Find("[data-testid=probe-probabilities]").TextContent);
    }
}
