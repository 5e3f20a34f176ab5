using Cortex.Web.Components.Pages.Codebook;
using Cortex.Web.Tests.Fakes;
using MudBlazor;

namespace Cortex.Web.Tests.Codebook;

public sealed class TokenDetailTests : DashboardContext
{
    public TokenDetailTests()
    {
        Render<MudPopoverProvider>();
        // The built-in model card says 512 entries; usage matches it, with token 7 the most used and token 9 unused.
        Codebook.Usage = new CodebookUsage("builtin", 512, 200, Enumerable.Range(0, 512).Select(t => t switch { 7 => 0.05, 9 => 0.0, _ => 0.001 }).ToList());
    }

    IRenderedComponent<TokenDetail> RenderToken(string token) => Render<TokenDetail>(p => p.Add(c => c.Token, token));

    [Theory]
    [InlineData("512")]
    [InlineData("-1")]
    [InlineData("seven")]
    public void A_token_outside_the_codebook_gets_a_clear_message(string token)
    {
        var problem = RenderToken(token).Find("[data-testid=token-problem]").TextContent;

        Assert.Contains($"'{token}' is not a token of cortex-default", problem);
        Assert.Contains("from 0 to 511", problem);
    }

    [Fact]
    public void A_token_shows_its_tile_usage_rank_and_context()
    {
        var page = RenderToken("7");

        Assert.Contains("Used in 5.0% of positions of 200 encoded world images: rank 1 of 512 by usage.", page.Find("[data-testid=token-usage]").TextContent);
        Assert.Contains("background-position:-896px -0px", page.Find(".codebook-tile-large").GetAttribute("style"));
        var contexts = page.Find("img.codebook-contexts");
        Assert.Equal("api/models/builtin/codebook/7/contexts.png", contexts.GetAttribute("src"));
        Assert.Equal("Crops of encoded world images around positions holding token 7", contexts.GetAttribute("alt"));
    }

    [Fact]
    public void An_unused_token_has_no_context_image()
    {
        var page = RenderToken("9");

        Assert.Contains("Not used in any of 200", page.Find("[data-testid=token-usage]").TextContent);
        Assert.Empty(page.FindAll("img.codebook-contexts"));
    }

    [Fact]
    public void A_token_lists_its_appearances_annotations_and_findings()
    {
        var at = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        Codebook.Appearances.Add(new TokenAppearance(7, "e1", "tis run", "red circle", "tis", 2, 40, at));
        Codebook.Appearances.Add(new TokenAppearance(8, "e1", "tis run", "red circle", "tis", 1, 50, at));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "tis run", ExperimentMethod.SampleLevel, ExperimentStatus.Succeeded));
        Review.Annotations.Add(new AnnotationDocument { Id = "a1", ExperimentId = "e1", Target = AnnotationTarget.Token, TokenId = 7, Author = "ada", Text = "grass texture", CreatedAt = at });
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "tokens mark grass", 3, 7));
        Review.Findings.Add(FakeReviewService.Finding("f2", "e1", "c1", "other tokens", 4));

        var page = RenderToken("7");

        var row = Assert.Single(page.FindAll("[data-testid=token-appearances] tbody tr"));
        Assert.Equal(["tis run", "red circle", "tis", "2", "40"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal("experiments/e1", row.QuerySelector("a")!.GetAttribute("href"));
        var annotation = page.Find("[data-testid=token-annotations]").TextContent;
        Assert.Contains("ada", annotation);
        Assert.Contains("2025-03-01 09:00 UTC", annotation);
        Assert.Contains("grass texture", annotation);
        var finding = Assert.Single(page.FindAll("[data-testid=token-findings] li"));
        Assert.Contains("tokens mark grass", finding.TextContent);
        Assert.Equal("findings/f1", finding.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void A_token_nobody_looked_at_says_what_is_missing()
    {
        var page = RenderToken("3");

        Assert.Contains("in no experiment's token set yet", page.Find("[data-testid=appearances-empty]").TextContent);
        Assert.Contains("Nobody has annotated token 3", page.Find("[data-testid=token-annotations-empty]").TextContent);
        Assert.Contains("No finding includes token 3", page.Find("[data-testid=token-findings-empty]").TextContent);
    }
}
