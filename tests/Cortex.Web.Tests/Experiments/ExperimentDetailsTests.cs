using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

public sealed class ExperimentDetailsTests : DashboardContext
{
    const int Grid = 4;

    public ExperimentDetailsTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Models.Models[0] = FakeModelCatalog.BuiltIn with { GridSize = Grid, Evaluators = ["cnn", "mixer"] };
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "saliency run", ExperimentMethod.ConceptLevel, ExperimentStatus.Succeeded, "c1", "c2") with
        {
            Summary = new ExperimentSummary
            {
                TokenSets = { ["red circle"] = [new TokenCountEntry(7, 2)], ["blue square"] = [new TokenCountEntry(3, 1)] },
                FrequencySets = { ["red circle"] = [new TokenCountEntry(1, 2)], ["blue square"] = [new TokenCountEntry(1, 2)] },
            },
        });
        // Image 0 (red circle): TIS rises with the position, token 7 at the two hottest cells; image 1 (blue square) holds token 3.
        Experiments.Saliency["e1"] = new SaliencyData("e1", Grid, ["red circle", "blue square"], [0, 1],
            [[.. Enumerable.Repeat(1L, 14), 7, 7], [.. Enumerable.Repeat(3L, 16)]],
            [[.. Enumerable.Range(0, 16).Select(i => i / 15f)], [.. Enumerable.Repeat(0.5f, 16)]]);
    }

    IRenderedComponent<ExperimentDetails> Open(string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"experiments/e1{query}");
        return Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
    }

    [Fact]
    public void The_page_names_the_worker_that_ran_the_experiment_and_a_retry_s_attempt()
    {
        Experiments.Experiments[0] = Experiments.Experiments[0] with { Worker = "gpu-b", Attempts = 2 };

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal("· ran on worker gpu-b, attempt 2", page.Find("[data-testid=experiment-worker]").TextContent.Trim()));
    }

    [Fact]
    public void The_heatmap_colours_each_cell_by_its_normalized_tis_and_the_top_tokens_are_the_hottest_cells()
    {
        var page = Open("?tab=saliency&image=0");

        var cells = page.WaitForElements("[data-testid=saliency-heatmap] .token-grid-cell");
        Assert.Equal(Grid * Grid, cells.Count);
        Assert.Equal($"background:{Colormaps.Css("inferno", 0, 0)}", cells[0].GetAttribute("style"));
        Assert.Equal($"background:{Colormaps.Css("inferno", 1, 0.6)}", cells[15].GetAttribute("style"));
        var top = page.Find("[data-testid=top-tokens] tbody").QuerySelectorAll("tr").Select(r => r.Children[2].TextContent.Trim()).ToList();
        Assert.Equal(["7", "7"], top.Take(2));
    }

    [Fact]
    public void Hovering_a_cell_tells_its_token_tis_and_presence_in_each_concept_and_a_token_link_highlights_it()
    {
        var page = Open("?tab=saliency&image=0&token=7");

        var cells = page.WaitForElements("[data-testid=saliency-heatmap] .token-grid-cell");
        Assert.Equal([14, 15], cells.Select((c, i) => (c, i)).Where(x => x.c.ClassList.Contains("is-highlighted")).Select(x => x.i));
        cells[15].PointerEnter();
        var info = page.Find("[data-testid=cell-info]").TextContent;
        Assert.Contains("token 7", info);
        Assert.Contains("1 / 1 images (2×)", info);
        Assert.Contains("0 / 1 images (0×)", info);
    }

    [Fact]
    public void Deep_links_open_their_tab_and_a_cell_annotation_marks_the_heatmap()
    {
        Review.Annotations.Add(new AnnotationDocument
        {
            Id = "a1", ExperimentId = "e1", Target = AnnotationTarget.Position, Position = 5, ImageIndex = 0, Author = "ann", Text = "edge", CreatedAt = DateTime.UtcNow,
        });
        var page = Open("?tab=tokens");
        page.WaitForAssertion(() => Assert.Contains("TIS token set", page.Markup));
        Assert.Contains("0 of 1 TIS tokens are also among the 1 most frequent tokens", page.Markup);

        var saliency = Open("?tab=saliency&image=0");
        var marked = saliency.WaitForElements("[data-testid=annotation-marker]");
        Assert.Single(marked);
        Assert.Equal("ann: edge", marked[0].GetAttribute("title"));
        Assert.Contains("ann", saliency.Find("[data-testid=annotations]").TextContent);
    }

    [Fact]
    public void A_new_annotation_is_signed_by_the_user_and_an_empty_one_is_refused_at_its_field()
    {
        var page = Open();
        page.WaitForElement("[data-testid=annotation-add]").Click();
        page.WaitForAssertion(() => Assert.Contains("Text is required.", page.Markup));
        Assert.Empty(Review.Annotations);

        page.TextField("Note").Type("token 7 is the rim");
        page.Find("[data-testid=annotation-add]").Click();
        page.WaitForAssertion(() => Assert.Contains("token 7 is the rim", page.Find("[data-testid=annotations]").TextContent));
        Assert.Equal("tester", Review.Annotations.Single().Author);
    }

    [Fact]
    public void An_unknown_experiment_says_so()
    {
        var page = Render<ExperimentDetails>(p => p.Add(c => c.Id, "nope"));
        page.WaitForAssertion(() => Assert.Contains("There is no experiment with id 'nope'", page.Markup));
    }

    [Fact]
    public async Task Tab_changes_reported_while_the_tabs_are_removed_neither_throw_nor_navigate()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Open("?tab=results");
        var tabs = page.WaitForComponent<MudTabs>().Instance.ActivePanelIndexChanged;
        var shown = navigation.Uri;

        // MudTabs reports -1 when it removes its last panel, and other indexes as panels go at disposal.
        await page.InvokeAsync(() => tabs.InvokeAsync(-1));
        Assert.Equal(shown, navigation.Uri);
        await DisposeComponentsAsync();
        await page.InvokeAsync(() => tabs.InvokeAsync(0));
        Assert.Equal(shown, navigation.Uri);
    }

    [Fact]
    public void Experiment_links_carry_the_tab_image_token_and_step()
    {
        Assert.Equal("experiments/e%201?tab=live&step=40", new ExperimentLink("e 1", ExperimentLink.Live, Step: 40).ToUri());
        Assert.Equal("experiments/e1?tab=saliency&image=3&token=17", new ExperimentLink("e1", ExperimentLink.Saliency, 3, 17).ToUri());
        Assert.Equal("experiments/e1", new ExperimentLink("e1").ToUri());
        Assert.Equal([ExperimentLink.Live, ExperimentLink.Results], ExperimentLink.TabsFor(ExperimentMethod.CodebookLevel));
    }
}
