using Cortex.Web.Components.Shared;

namespace Cortex.Web.Tests.Shared;

public sealed class TokenGridImageTests : DashboardContext
{
    [Fact]
    public void Draws_one_cell_per_grid_position_styled_by_the_caller_and_reports_the_cell_under_the_pointer()
    {
        var pressed = new List<int>();
        var grid = Render<TokenGridImage>(p => p
            .Add(c => c.ImageUrl, "api/x.png").Add(c => c.Alt, "a decoded image").Add(c => c.GridSize, 4)
            .Add(c => c.CellStyle, cell => cell == 5 ? "background:red" : null)
            .Add(c => c.OnCellDown, (int cell) => pressed.Add(cell)));

        var cells = grid.FindAll(".token-grid-cell");
        Assert.Equal(16, cells.Count);
        Assert.Equal("background:red", cells[5].GetAttribute("style"));
        Assert.Equal("a decoded image", grid.Find("img").GetAttribute("alt"));
        cells[9].PointerDown();
        Assert.Equal([9], pressed);
    }

    [Fact]
    public void Colormaps_run_from_the_first_anchor_to_the_last_and_refuse_unknown_names()
    {
        Assert.Equal(((byte)0, (byte)0, (byte)4), Colormaps.Rgb("inferno", 0));
        Assert.Equal(((byte)252, (byte)255, (byte)164), Colormaps.Rgb("inferno", 1));
        Assert.Equal(((byte)128, (byte)128, (byte)128), Colormaps.Rgb("gray", 0.5));
        Assert.Equal("rgba(255,255,255,0.5)", Colormaps.Css("gray", 7, 0.5));
        Assert.Contains("viridis", Assert.Throws<ArgumentException>(() => Colormaps.Rgb("jet", 0.5)).Message);
        Assert.Equal([0, 0.5, 1], Colormaps.Normalize([2f, 3f, 4f]));
    }
}
