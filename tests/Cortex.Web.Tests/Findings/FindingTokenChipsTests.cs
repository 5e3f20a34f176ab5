using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Web.Tests.Findings;

/// <summary>A finding's tokens name their labels and link to their model's codebook; a page reads the labels once however many tokens it shows.</summary>
public sealed class FindingTokenChipsTests : DashboardContext
{
    public FindingTokenChipsTests()
    {
        Tokens.Labels[3] = "grass";
        Tokens.Labels[9] = "sky";
    }

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void Each_chip_links_to_its_models_codebook_and_shows_its_label()
    {
        var chips = Render<FindingTokenChips>(p => p.Add(c => c.Tokens, [3L, 7L]).Add(c => c.ModelId, "taming f16"));

        var links = chips.FindAll("[data-testid=finding-tokens] a");
        Assert.Equal(["codebook/3?model=taming%20f16", "codebook/7?model=taming%20f16"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("· grass", links[0].QuerySelector("[data-testid=finding-token-label]")!.TextContent.Trim());
        Assert.Null(links[1].QuerySelector("[data-testid=finding-token-label]"));
        Assert.Equal(["Token 3, labelled grass, in the codebook", "Token 7 in the codebook"], links.Select(a => a.GetAttribute("aria-label")));
    }

    [Fact]
    public void Without_a_model_the_chips_link_to_the_default_codebook_and_read_no_labels()
    {
        var chips = Render<FindingTokenChips>(p => p.Add(c => c.Tokens, [3L]));

        Assert.Equal("codebook/3", chips.Find("a").GetAttribute("href"));
        Assert.Empty(chips.FindAll("[data-testid=finding-token-label]"));
        Assert.Equal(0, Tokens.LabelReads);
    }

    [Fact]
    public void A_page_of_chips_and_links_reads_the_labels_once_and_another_page_or_a_relabel_reads_them_again()
    {
        Navigation.NavigateTo("findings");
        var first = Render<FindingTokenChips>(p => p.Add(c => c.Tokens, [3L, 9L]).Add(c => c.ModelId, "builtin"));
        Render<FindingTokenChips>(p => p.Add(c => c.Tokens, [9L, 11L]).Add(c => c.ModelId, "builtin"));
        var link = Render<TokenLink>(p => p.Add(c => c.Token, 9L).Add(c => c.ModelId, "builtin"));
        Assert.Equal(1, Tokens.LabelReads);
        Assert.Equal("(sky)", link.Find("[data-testid=token-link-label]").TextContent.Trim());

        // A label changed elsewhere shows on the next page, not as this one re-renders.
        Tokens.Labels[9] = "blue sky";
        first.Render();
        Assert.Equal(1, Tokens.LabelReads);
        Navigation.NavigateTo("findings/f1");
        first.Render();
        Assert.Equal(2, Tokens.LabelReads);
        Assert.Contains("· blue sky", first.FindAll("[data-testid=finding-token-label]").Select(l => l.TextContent.Trim()));

        Services.GetRequiredService<PageTokenLabels>().Forget("builtin");
        first.Render();
        Assert.Equal(3, Tokens.LabelReads);
    }
}
