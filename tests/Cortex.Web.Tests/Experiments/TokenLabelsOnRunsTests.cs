using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>A token's label shows wherever a run names the token — its maps' cells, its token sets, the probe, a comparison — read once per page.</summary>
public sealed class TokenLabelsOnRunsTests : DashboardContext
{
    const int Grid = 4;
    static readonly long[] Image0 = [.. Enumerable.Range(0, 16).Select(i => (long)(i % 5))];

    public TokenLabelsOnRunsTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Models.Models[0] = FakeModelCatalog.BuiltIn with { GridSize = Grid, Evaluators = ["cnn"] };
        foreach (var id in new[] { "e1", "e2" })
        {
            Experiments.Experiments.Add(FakeExperimentService.Experiment(id, $"run {id}", ExperimentMethod.ConceptLevel, ExperimentStatus.Succeeded, "c1", "c2") with
            {
                Summary = new ExperimentSummary { TokenSets = { ["red circle"] = [new TokenCountEntry(40, 2), new TokenCountEntry(41, 1), new TokenCountEntry(0, 1)] } },
            });
            Experiments.Saliency[id] = new SaliencyData(id, Grid, ["red circle", "blue square"], [0, 1], [Image0, Image0],
                [[.. Enumerable.Range(0, 16).Select(i => i / 15f)], [.. Enumerable.Repeat(0.5f, 16)]]);
        }
        Probes.Subjects["e1"] = (["red circle", "blue square"], [Image0, Image0], [0, 1]);
        Tokens.Labels[0] = "sky";
        Tokens.Labels[40] = "rim";
    }

    IRenderedComponent<ExperimentDetails> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"experiments/e1{query}");
        return Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
    }

    [Fact]
    public void The_saliency_maps_cells_name_their_tokens_labels()
    {
        var page = Open("?tab=saliency");

        var cells = page.WaitForElements("[data-testid=saliency-heatmap] .token-grid-cell");
        Assert.Equal("token 0 (sky), TIS 0", cells[0].GetAttribute("title"));
        Assert.Equal("token 1, TIS 0.06667", cells[1].GetAttribute("title"));
    }

    [Fact]
    public void A_note_on_a_token_links_to_it_with_its_label()
    {
        Review.Annotations.Add(new AnnotationDocument
        {
            Id = "a1", ExperimentId = "e1", Target = AnnotationTarget.Token, TokenId = 40, Author = "ann", Text = "the rim again", CreatedAt = DateTime.UtcNow,
        });

        var thread = Open("?tab=saliency").WaitForElement("[data-testid=annotations] [data-testid=annotation-thread]");

        Assert.Equal("codebook/40?model=builtin", thread.QuerySelector("a[href^='codebook/']")!.GetAttribute("href"));
        Assert.Equal("(rim)", thread.QuerySelector("[data-testid=token-link-label]")!.TextContent.Trim());
    }

    [Fact]
    public void The_token_sets_label_their_tokens_with_one_read_for_the_whole_page()
    {
        var page = Open("?tab=tokens");

        var labels = page.WaitForElements("[data-testid=tis-set] [data-testid=token-link-label]");
        Assert.Equal(["(rim)", "(sky)"], labels.Select(l => l.TextContent.Trim()));
        Assert.Equal(1, Tokens.LabelReads);
    }

    [Fact]
    public void The_probe_names_labels_on_its_replacements_and_its_cells()
    {
        var page = Open("?tab=probe");
        page.WaitForElement("[data-testid=probe-after]");
        Assert.Equal("row 0, column 0: token 0 (sky), TIS 0", page.FindAll("[data-testid=probe-before] .token-grid-cell")[0].GetAttribute("title"));

        page.FindAll("[data-testid=probe-after] .token-grid-cell")[5].PointerDown();

        Assert.Equal(["40 (rim)", "41", "0 (sky)"], page.WaitForElements("[data-testid=concept-tokens] button").Select(b => b.TextContent.Trim()));
        Assert.Equal("(sky)", page.Find("[data-testid=probe-replacements] [data-testid=token-link-label]").TextContent.Trim());
    }

    [Fact]
    public async Task A_comparisons_maps_name_labels_for_members_and_not_on_a_public_link()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("compare?ids=e1,e2");
        var members = Render<CompareRuns>();
        var cells = members.WaitForElements("[data-testid=saliency-side-by-side] figure[data-run=e2] .token-grid-cell");
        Assert.Equal("token 0 (sky), TIS 0", cells[0].GetAttribute("title"));

        var first = (await ShareLinks.CreateAsync("e1", null, "tester")).Value!.Token;
        var second = (await ShareLinks.CreateAsync("e2", null, "tester")).Value!.Token;
        Services.GetRequiredService<NavigationManager>().NavigateTo($"share/compare?tokens={first},{second}");
        var visitors = Render<SharedComparison>();
        Assert.Equal("token 0, TIS 0", visitors.WaitForElements("[data-testid=saliency-side-by-side] figure[data-run=e2] .token-grid-cell")[0].GetAttribute("title"));
    }
}
