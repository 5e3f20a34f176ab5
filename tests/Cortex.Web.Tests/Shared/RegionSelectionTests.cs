namespace Cortex.Web.Tests.Shared;

public sealed class RegionSelectionTests
{
    [Fact]
    public void A_stroke_from_an_unselected_cell_adds_every_cell_it_passes_and_hovering_afterwards_changes_nothing()
    {
        var selection = new RegionSelection(4, []);
        selection.BeginStroke(5);
        selection.ExtendStroke(6);
        selection.ExtendStroke(10);
        Assert.True(selection.EndStroke());
        selection.ExtendStroke(11);

        Assert.Equal([5, 6, 10], selection.Region);
        Assert.False(selection.Stroking);
    }

    [Fact]
    public void Drawing_on_the_whole_grid_starts_a_new_region_from_the_stroke()
    {
        var selection = new RegionSelection(4, null);
        selection.BeginStroke(0);
        selection.ExtendStroke(1);
        selection.EndStroke();

        Assert.Equal([0, 1], selection.Region);
    }

    [Fact]
    public void A_stroke_from_a_selected_cell_removes_and_never_adds()
    {
        var selection = new RegionSelection(4, [1, 2, 3]);
        selection.BeginStroke(2);
        selection.ExtendStroke(3);
        selection.ExtendStroke(7);
        selection.EndStroke();

        Assert.Equal([1], selection.Region);
    }

    [Fact]
    public void Every_cell_is_the_whole_grid_spelled_null_and_an_empty_region_stays_an_empty_list()
    {
        var selection = new RegionSelection(2, null);
        Assert.Null(selection.Region);
        Assert.Equal(4, selection.Count);

        selection.Clear();
        Assert.Equal([], selection.Region);

        selection.Invert();
        Assert.Null(selection.Region);

        selection.Toggle(0);
        selection.Invert();
        Assert.Equal([0], selection.Region);
    }

    [Fact]
    public void Positions_outside_the_grid_are_dropped_and_ignored()
    {
        var selection = new RegionSelection(2, [1, 4, -1]);
        selection.BeginStroke(9);
        selection.Toggle(-3);

        Assert.Equal([1], selection.Region);
        Assert.False(selection.Stroking);
    }

    [Theory]
    [InlineData(5, "ArrowUp", 1)]
    [InlineData(5, "ArrowDown", 9)]
    [InlineData(5, "ArrowLeft", 4)]
    [InlineData(5, "ArrowRight", 6)]
    [InlineData(0, "ArrowUp", 0)]
    [InlineData(3, "ArrowRight", 3)]
    [InlineData(15, "ArrowDown", 15)]
    [InlineData(6, "Home", 4)]
    [InlineData(6, "End", 7)]
    public void Arrow_keys_move_one_cell_and_stop_at_the_edges(int from, string key, int to) =>
        Assert.Equal(to, new RegionSelection(4, null).Move(from, key));

    [Fact]
    public void Other_keys_do_not_move() => Assert.Null(new RegionSelection(4, null).Move(5, " "));
}
