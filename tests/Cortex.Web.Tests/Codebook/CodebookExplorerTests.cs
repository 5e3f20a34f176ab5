using Cortex.Web.Components.Pages.Codebook;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Codebook;

public sealed class CodebookExplorerTests : DashboardContext
{
    public CodebookExplorerTests()
    {
        Render<MudPopoverProvider>();
        Codebook.Usage = new CodebookUsage("builtin", 5, 100, [0.1, 0.5, 0, 0.2, 0.2]);
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "tis run", ExperimentMethod.SampleLevel, ExperimentStatus.Succeeded, "c1"));
        Codebook.Importance[("e1", "red circle")] = new Dictionary<long, double> { [2] = 0.9, [0] = 0.5 };
    }

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    IRenderedComponent<CodebookExplorer> RenderAt(string address)
    {
        Navigation.NavigateTo(address);
        return Render<CodebookExplorer>();
    }

    static List<int> TileOrder(IRenderedComponent<CodebookExplorer> page) =>
        page.FindAll("[data-testid=codebook-grid] a.codebook-tile").Select(a => int.Parse(a.GetAttribute("data-token")!)).ToList();

    [Fact]
    public void Tiles_are_focusable_links_in_usage_order_by_default()
    {
        var page = RenderAt("codebook");

        Assert.Equal([1, 3, 4, 0, 2], TileOrder(page));
        var tile = page.Find("a.codebook-tile[data-token='1']");
        Assert.Equal("codebook/1", tile.GetAttribute("href"));
        Assert.Equal("Token 1, used in 50.0% of positions", tile.GetAttribute("aria-label"));
        Assert.Equal("background-position:-48px -0px", tile.QuerySelector(".codebook-tile-image")!.GetAttribute("style"));
        Assert.Contains("--codebook-sprite:url('http://localhost/api/models/builtin/codebook.png')", page.Find("[data-testid=codebook-grid]").GetAttribute("style"));
        Assert.Contains("most used first", page.Find("[data-testid=codebook-caption]").TextContent);
    }

    [Fact]
    public void Importance_for_a_concept_orders_the_most_important_first()
    {
        var page = RenderAt("codebook?sort=importance&experiment=e1&concept=red%20circle");

        Assert.Equal([2, 0, 1, 3, 4], TileOrder(page));
        Assert.Equal("Token 2, used in 0% of positions, importance 0.9", page.Find("a.codebook-tile[data-token='2']").GetAttribute("aria-label"));
        Assert.Contains("most important for 'red circle' first", page.Find("[data-testid=codebook-caption]").TextContent);
        Assert.Single(page.FindAll("[data-testid=importance-picker]"));
    }

    // Real models' mean TIS sits near 1e-4: rounded to three decimals, every tile read "TIS 0".
    [Fact]
    public void Small_importance_values_read_with_three_significant_digits_and_a_legend_names_the_colour_range()
    {
        Codebook.Importance[("e1", "red circle")] = new Dictionary<long, double> { [0] = 1.234e-4, [1] = 2.5e-5, [2] = -3.21e-5, [3] = 9.87e-4, [4] = 4.56e-4 };

        var page = RenderAt("codebook?sort=importance&experiment=e1&concept=red%20circle");

        var tiles = page.FindAll("[data-testid=tile-tis]").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["TIS 9.87e-4", "TIS 4.56e-4", "TIS 1.23e-4", "TIS 2.5e-5", "TIS -3.21e-5"], tiles);
        Assert.Equal("Token 0, used in 10.0% of positions, importance 1.23e-4", page.Find("a.codebook-tile[data-token='0']").GetAttribute("aria-label"));
        Assert.Equal("-3.21e-5", page.Find("[data-testid=importance-legend-low]").TextContent.Trim());
        Assert.Equal("9.87e-4", page.Find("[data-testid=importance-legend-high]").TextContent.Trim());
        // The highest entry takes the top of the colour scale, the lowest its bottom, as the legend's bar runs.
        Assert.Equal($"background:{Colormaps.Css(ImportanceScale.Colormap, 1, 1)}", page.Find("a.codebook-tile[data-token='3'] .codebook-tile-tis").GetAttribute("style"));
        Assert.Equal($"background:{Colormaps.Css(ImportanceScale.Colormap, 0, 1)}", page.Find("a.codebook-tile[data-token='2'] .codebook-tile-tis").GetAttribute("style"));
    }

    [Fact]
    public void Usage_order_shows_no_importance_legend()
    {
        var page = RenderAt("codebook");

        Assert.Empty(page.FindAll("[data-testid=importance-legend], [data-testid=tile-tis]"));
    }

    [Fact]
    public void Importance_without_tis_maps_says_so_and_keeps_usage_order()
    {
        var page = RenderAt("codebook?sort=importance&experiment=e1&concept=blue%20square");

        Assert.Contains("has no TIS maps for concept 'blue square'", page.Find("[data-testid=importance-problem]").TextContent);
        Assert.Equal([1, 3, 4, 0, 2], TileOrder(page));
    }

    [Fact]
    public void Importance_with_no_suitable_experiment_points_to_starting_one()
    {
        Experiments.Experiments.Clear();

        var page = RenderAt("codebook?sort=importance");

        Assert.Contains("No sample- or concept-level experiment", page.Find("[data-testid=importance-picker]").TextContent);
    }

    [Fact]
    public void Choosing_a_sort_puts_it_in_the_address_and_reorders()
    {
        var page = RenderAt("codebook");

        page.FindAll("[data-testid=codebook-sort] button").Single(b => b.TextContent == "Id").Click();

        Assert.EndsWith("codebook?sort=id", Navigation.Uri);
        Assert.Equal([0, 1, 2, 3, 4], TileOrder(page));
    }

    [Fact]
    public void Hiding_unused_entries_drops_them_from_the_grid()
    {
        var page = RenderAt("codebook");

        page.Find("input[data-testid=hide-unused]").Change(true);

        Assert.Equal([1, 3, 4, 0], TileOrder(page));
        Assert.Contains("Showing 4 of 5 entries", page.Find("[data-testid=codebook-caption]").TextContent);
    }

    [Fact]
    public void Jumping_checks_the_id_and_goes_to_the_token()
    {
        var page = RenderAt("codebook");

        page.Find("[data-testid=token-jump] input").Input("9");
        page.Find("[data-testid=token-jump] button").Click();
        Assert.Contains("Enter a token id from 0 to 4.", page.Find("[data-testid=token-jump]").TextContent);

        page.Find("[data-testid=token-jump] input").Input("3");
        page.Find("[data-testid=token-jump] input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        Assert.EndsWith("/codebook/3", Navigation.Uri);
    }

    [Fact]
    public void An_unknown_model_says_so()
    {
        var page = RenderAt("codebook?model=other");

        Assert.Contains("There is no model 'other'.", page.Find("[data-testid=codebook-problem]").TextContent);
    }
}
