using Cortex.Web.Components.Pages.Codebook;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using MudBlazor;

namespace Cortex.Web.Tests.Codebook;

/// <summary>A token's page as Neuronpedia shows a feature: examples, histograms, neighbours, label and annotation threads.</summary>
public sealed class TokenPageTests : DashboardContext
{
    static readonly DateTime At = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public TokenPageTests()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        Codebook.Usage = new CodebookUsage("builtin", 512, 200, Enumerable.Range(0, 512).Select(t => t == 7 ? 0.05 : 0.001).ToList());
    }

    IRenderedComponent<TokenDetail> RenderToken(string token) => Render<TokenDetail>(p => p.Add(c => c.Token, token));

    [Fact]
    public void Top_examples_outline_the_tokens_positions_with_their_tis_and_link_to_the_image_in_its_experiment()
    {
        Tokens.Examples[7] = new TokenExamples(
            [new TokenExample("e1", "tis run", "red circle", 3, 8, [9, 10], [0.8, 0.2]), new TokenExample("e2", "other run", "blue square", 0, 8, [63], [0.1])],
            [0.8, 0.2, 0.1], 32);

        var page = RenderToken("7");

        Assert.Equal("3 positions in 32 support images with stored TIS maps hold token 7; the 2 images where its TIS is highest:",
            page.Find("[data-testid=token-examples-caption]").TextContent.Trim());
        var first = page.FindAll("[data-testid=token-example]")[0];
        Assert.Equal("api/experiments/e1/images/3.png", first.QuerySelector("img")!.GetAttribute("src"));
        var outlined = first.QuerySelectorAll(".token-grid-cell.is-highlighted").Select(c => c.GetAttribute("data-position")).ToList();
        Assert.Equal(["9", "10"], outlined);
        Assert.Equal("token 7 · TIS 0.8", first.QuerySelector("[data-position='9']")!.GetAttribute("title"));
        Assert.Contains("TIS 0.8 · red circle", first.QuerySelector("figcaption")!.TextContent);
        Assert.Equal("experiments/e1?tab=saliency&image=3&token=7", first.QuerySelector("figcaption a")!.GetAttribute("href"));
    }

    [Fact]
    public void The_tis_and_class_histograms_list_their_numbers()
    {
        Tokens.Examples[7] = new TokenExamples([new TokenExample("e1", "tis run", "red circle", 0, 8, [1, 2, 3], [0.0, 0.5, 1.0])], [0.0, 0.5, 1.0], 4);
        Tokens.ClassShares[7] = [new ClassShare("circle", 0.25), new ClassShare("square", 0.0)];

        var page = RenderToken("7");

        page.Find("[data-testid=token-tis-histogram] button").Click();
        var tisRows = page.FindAll("[data-testid=token-tis-histogram-numbers] tbody tr");
        Assert.Equal(20, tisRows.Count);
        Assert.Equal(3, tisRows.Sum(r => int.Parse(r.QuerySelectorAll("td")[1].TextContent)));
        Assert.Contains("most in 'circle' (25%)", page.Find("[data-testid=token-class-shares-caption]").TextContent);
        page.Find("[data-testid=token-class-histogram] button").Click();
        Assert.Equal([["circle", "25"], ["square", "0"]],
            page.FindAll("[data-testid=token-class-histogram-numbers] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray());
    }

    [Fact]
    public void Neighbours_are_linked_tiles_nearest_first_with_their_labels()
    {
        Tokens.Neighbours[7] = [new TokenNeighbour(40, 0.5), new TokenNeighbour(3, 1.25)];
        Tokens.Labels[40] = "sky blue";

        var page = RenderToken("7");

        var tiles = page.FindAll("[data-testid=token-neighbours] a.codebook-tile");
        Assert.Equal(["codebook/40", "codebook/3"], tiles.Select(t => t.GetAttribute("href")));
        Assert.Equal("Token 40 (sky blue), distance 0.5", tiles[0].GetAttribute("aria-label"));
        Assert.Contains("d 1.25", tiles[1].TextContent);
    }

    [Fact]
    public void An_editor_labels_a_token_and_a_too_long_label_is_refused_at_its_field()
    {
        var page = RenderToken("7");
        Assert.Equal("No label yet.", page.Find("[data-testid=token-label-none]").TextContent);

        page.Find("[data-testid=token-label-edit]").Click();
        page.TextField("Label").Type(new string('x', 41));
        page.Find("[data-testid=token-label-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("at most 40 characters", page.Find("[data-testid=token-label-editor]").TextContent));
        Assert.Empty(Tokens.Labels);

        page.TextField("Label").Type("grass texture");
        page.Find("[data-testid=token-label-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("grass texture", page.Find("[data-testid=token-label]").TextContent));
        Assert.Equal("grass texture", Tokens.Labels[7]);
    }

    [Fact]
    public void A_viewer_sees_labels_and_notes_but_no_controls_to_change_them()
    {
        SignIn("vera", Role.Viewer);
        Tokens.Labels[7] = "grass texture";
        Review.Annotations.Add(new AnnotationDocument { Id = "a1", ExperimentId = "", ModelId = "builtin", TokenId = 7, Target = AnnotationTarget.Token, Author = "ada", Text = "rim", CreatedAt = At });

        var page = RenderToken("7");

        Assert.Equal("grass texture", page.Find("[data-testid=token-label]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=token-label-edit]"));
        Assert.Empty(page.FindAll("[data-testid=token-annotation-add]"));
        Assert.Empty(page.FindAll("[data-testid=reply-open]"));
        Assert.Empty(page.FindAll("[data-testid=annotation-edit]"));
    }

    [Fact]
    public void Notes_written_on_the_page_thread_their_replies_and_only_the_author_may_edit_or_delete()
    {
        Review.Annotations.Add(new AnnotationDocument { Id = "x1", ExperimentId = "e1", ModelId = "builtin", TokenId = 7, Target = AnnotationTarget.Token, Author = "ada", Text = "from ada", CreatedAt = At });
        var page = RenderToken("7");

        page.TextField("Note on token 7").Type("marks the grass");
        page.Find("[data-testid=token-annotation-add]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=annotation-thread]").Count));
        var mine = Review.Annotations.Single(a => a.Author == "tester");
        Assert.Equal(("", "builtin", 7L), (mine.ExperimentId, mine.ModelId!, mine.TokenId!.Value));

        // Someone else's note offers a reply, never an edit or a delete.
        var adas = page.Find("[data-testid=annotation-thread][data-annotation=x1]");
        Assert.Empty(adas.QuerySelectorAll("[data-testid=annotation-edit]"));
        adas.QuerySelector("[data-testid=reply-open]")!.Click();
        page.TextField("Reply").Type("agreed");
        page.Find("[data-testid=reply-send]").Click();
        page.WaitForAssertion(() => Assert.Contains("agreed", page.Find("[data-testid=annotation-thread][data-annotation=x1] [data-testid=annotation-replies]").TextContent));
        Assert.Equal("x1", Review.Annotations.Single(a => a.Text == "agreed").ParentId);

        var thread = page.Find($"[data-testid=annotation-thread][data-annotation={mine.Id}]");
        thread.QuerySelector("[data-testid=annotation-edit]")!.Click();
        page.TextField("Text").Type("marks the lawn");
        page.Find("[data-testid=edit-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("marks the lawn", page.Find($"[data-annotation={mine.Id}] [data-testid=annotation-body]").TextContent));
        Assert.Contains("edited", page.Find($"[data-annotation={mine.Id}] .mud-typography-caption").TextContent);

        page.Find($"[data-annotation={mine.Id}] [data-testid=annotation-delete]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=annotation-thread]")));
        Assert.DoesNotContain(Review.Annotations, a => a.Id == mine.Id);
    }

    [Fact]
    public async Task A_note_someone_else_adds_shows_without_a_reload_and_a_closed_page_stops_listening()
    {
        var page = RenderToken("7");
        page.WaitForAssertion(() => Assert.Equal(1, AnnotationFeed.Subscribers));

        Review.Annotations.Add(new AnnotationDocument { Id = "n1", ExperimentId = "", ModelId = "builtin", TokenId = 7, Target = AnnotationTarget.Token, Author = "bob", Text = "new from bob", CreatedAt = At });
        await AnnotationFeed.PublishAsync(new AnnotationChange("n1", Web.Services.Workspaces.DefaultId, "builtin", 8, "", "added"));
        Assert.Contains("Nobody has annotated", page.Markup);
        await AnnotationFeed.PublishAsync(new AnnotationChange("n1", Web.Services.Workspaces.DefaultId, "builtin", 7, "", "added"));

        page.WaitForAssertion(() => Assert.Contains("new from bob", page.Find("[data-testid=token-annotations]").TextContent));
        await DisposeComponentsAsync();
        Assert.Equal(0, AnnotationFeed.Subscribers);
    }

    [Fact]
    public void A_search_lists_the_tokens_whose_label_notes_or_concepts_match_and_says_when_none_do()
    {
        Tokens.Hits.Add(new TokenHit(12, "annotation", "grass under the circle"));
        Tokens.Hits.Add(new TokenHit(30, "concept", "green grass"));
        Tokens.Labels[12] = "turf";
        var page = Render<CodebookExplorer>();

        page.Find("[data-testid=token-search] input").Input("grass");
        page.Find("[data-testid=token-search-go]").Click();

        var rows = page.FindAll("[data-testid=token-search-results] tbody tr");
        Assert.Equal(["12", "30"], rows.Select(r => r.GetAttribute("data-token")));
        Assert.Equal(["12", "turf", "annotation", "grass under the circle"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal("codebook/12", rows[0].QuerySelector("a")!.GetAttribute("href"));

        page.Find("[data-testid=token-search] input").Input("sky");
        page.Find("[data-testid=token-search-go]").Click();
        Assert.Equal("No token's label, annotations or concepts mention 'sky'.", page.Find("[data-testid=token-search-none]").TextContent);
    }

    [Fact]
    public void Labels_show_on_codebook_tiles_and_wherever_a_token_link_names_its_model()
    {
        Codebook.Usage = new CodebookUsage("builtin", 4, 10, [0.4, 0.3, 0.2, 0.1]);
        Tokens.Labels[1] = "rim";

        var tile = Render<CodebookExplorer>().Find("a.codebook-tile[data-token='1']");
        Assert.Contains("rim", tile.TextContent);
        Assert.Equal("Token 1, used in 30.0% of positions, labelled rim", tile.GetAttribute("aria-label"));

        var link = Render<Web.Components.Shared.TokenLink>(p => p.Add(c => c.Token, 1L).Add(c => c.ModelId, "builtin"));
        Assert.Equal("codebook/1?model=builtin", link.Find("a").GetAttribute("href"));
        Assert.Equal("(rim)", link.Find("[data-testid=token-link-label]").TextContent.Trim());
        Assert.Empty(Render<Web.Components.Shared.TokenLink>(p => p.Add(c => c.Token, 2L).Add(c => c.ModelId, "builtin")).FindAll("[data-testid=token-link-label]"));
    }

    [Fact]
    public void A_histogram_counts_every_value_into_equal_bins_and_names_them()
    {
        var histogram = Histogram.Of([0.0, 0.1, 0.5, 1.0, double.NaN], 4);

        Assert.Equal(["0–0.25", "0.25–0.5", "0.5–0.75", "0.75–1"], histogram.Bins);
        Assert.Equal([2.0, 0, 1, 1], histogram.Counts);
        Assert.Equal([3.0], Histogram.Of([0.3, 0.3, 0.3], 10).Counts);
        Assert.Empty(Histogram.Of([], 10).Bins);
        // Edges close together keep the digits that tell them apart.
        var narrow = Histogram.Of([0.000307, 0.000309], 20).Bins;
        Assert.Equal(narrow.Count, narrow.Distinct().Count());
        Assert.Equal("0.000307–0.0003071", narrow[0]);
    }
}
