using Microsoft.AspNetCore.Components.Web;
using Cortex.Web.Components.Shared;

namespace Cortex.Web.Tests.Shared;

public sealed class RegionPickerTests : DashboardContext
{
    readonly List<IReadOnlyList<int>?> _reported = [];

    IRenderedComponent<RegionPicker> RenderPicker(IReadOnlyList<int>? region) => Render<RegionPicker>(p => p
        .Add(c => c.ImageUrl, "api/concepts/c1/support/0.png?count=16&seed=1").Add(c => c.GridSize, 4).Add(c => c.Region, region)
        .Add(c => c.RegionChanged, (IReadOnlyList<int>? r) => _reported.Add(r)));

    static int[] Selected(IRenderedComponent<RegionPicker> picker) =>
        [.. picker.FindAll(".token-grid-cell").Select((cell, i) => (cell, i)).Where(x => x.cell.ClassList.Contains("is-selected")).Select(x => x.i)];

    [Fact]
    public void Pressing_on_a_cell_and_dragging_over_others_selects_exactly_the_stroke_and_reports_it_when_the_pointer_is_released()
    {
        var picker = RenderPicker([]);

        picker.FindAll(".token-grid-cell")[1].PointerDown();
        picker.FindAll(".token-grid-cell")[2].PointerEnter();
        picker.FindAll(".token-grid-cell")[6].PointerEnter();
        Assert.Equal([1, 2, 6], Selected(picker));
        Assert.Empty(_reported);

        picker.FindAll(".token-grid-cell")[6].PointerUp();
        picker.FindAll(".token-grid-cell")[7].PointerEnter();

        Assert.Equal([1, 2, 6], Selected(picker));
        Assert.Equal([1, 2, 6], Assert.Single(_reported));
        Assert.Contains("3 of 4×4 cells", picker.Find("[data-testid=region-caption]").TextContent);
    }

    [Fact]
    public void A_stroke_that_starts_on_a_selected_cell_removes_cells_and_leaving_the_grid_ends_it()
    {
        var picker = RenderPicker([0, 1, 2, 3]);

        picker.FindAll(".token-grid-cell")[1].PointerDown();
        picker.FindAll(".token-grid-cell")[2].PointerEnter();
        picker.FindAll(".token-grid-cell")[9].PointerEnter();
        picker.Find(".token-grid-image").PointerLeave();

        Assert.Equal([0, 3], Selected(picker));
        Assert.Equal([0, 3], Assert.Single(_reported));
    }

    [Fact]
    public void Whole_grid_reports_null_and_shows_every_cell_selected_while_clear_and_invert_report_lists()
    {
        var picker = RenderPicker([5]);

        picker.Find("[data-testid=region-whole]").Click();
        Assert.Null(Assert.Single(_reported));
        Assert.Equal(16, Selected(picker).Length);
        Assert.Contains("16 of 4×4 cells (whole grid)", picker.Find("[data-testid=region-caption]").TextContent);

        picker.Find("[data-testid=region-clear]").Click();
        Assert.Equal([], _reported[^1]);
        Assert.Empty(Selected(picker));

        picker.FindAll(".token-grid-cell")[0].PointerDown();
        picker.FindAll(".token-grid-cell")[0].PointerUp();
        picker.Find("[data-testid=region-invert]").Click();
        Assert.Equal(Enumerable.Range(1, 15), _reported[^1]!);
    }

    [Fact]
    public void Arrow_keys_move_the_focus_cell_and_space_or_enter_toggles_it()
    {
        var picker = RenderPicker([]);
        var grid = picker.Find("[data-testid=region-picker]");
        Assert.Equal("0", grid.GetAttribute("tabindex"));

        grid.KeyDown(new KeyboardEventArgs { Key = "ArrowRight" });
        grid.KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        grid.KeyDown(new KeyboardEventArgs { Key = " " });
        Assert.Equal([5], _reported[^1]!);
        Assert.Contains("is-focused", picker.FindAll(".token-grid-cell")[5].ClassName);

        grid.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal([], _reported[^1]!);
    }

    [Fact]
    public void A_new_region_from_the_parent_replaces_the_drawing_and_null_shows_the_whole_grid()
    {
        var picker = RenderPicker([3]);
        Assert.Equal([3], Selected(picker));

        picker.Render(p => p.Add(c => c.Region, (IReadOnlyList<int>?)null));
        Assert.Equal(16, Selected(picker).Length);

        picker.Render(p => p.Add(c => c.Region, new List<int> { 0, 15 }));
        Assert.Equal([0, 15], Selected(picker));
        Assert.Equal("Source image with its token grid", picker.Find("img").GetAttribute("alt"));
    }
}
