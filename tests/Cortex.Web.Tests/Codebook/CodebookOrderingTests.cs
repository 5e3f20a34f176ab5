namespace Cortex.Web.Tests.Codebook;

public sealed class CodebookOrderingTests
{
    static readonly double[] Share = [0.1, 0.5, 0, 0.2, 0.2];

    [Fact]
    public void Usage_order_puts_the_most_used_first_and_breaks_ties_by_id()
    {
        Assert.Equal([1, 3, 4, 0, 2], CodebookOrdering.Order(Share, CodebookSort.Usage));
        Assert.Equal([1, 3, 4, 0], CodebookOrdering.Order(Share, CodebookSort.Usage, hideUnused: true));
        Assert.Equal([0, 1, 2, 3, 4], CodebookOrdering.Order(Share, CodebookSort.Id));
    }

    [Fact]
    public void Importance_order_puts_the_most_important_first_and_falls_back_to_usage_without_a_map()
    {
        var importance = new Dictionary<long, double> { [2] = 0.9, [0] = 0.5, [4] = 0.5 };

        Assert.Equal([2, 0, 4, 1, 3], CodebookOrdering.Order(Share, CodebookSort.Importance, importance));
        Assert.Equal([0, 4, 1, 3], CodebookOrdering.Order(Share, CodebookSort.Importance, importance, hideUnused: true));
        Assert.Equal([1, 3, 4, 0, 2], CodebookOrdering.Order(Share, CodebookSort.Importance));
    }

    [Fact]
    public void Equally_used_entries_share_a_usage_rank()
    {
        Assert.Equal(1, CodebookOrdering.UsageRank(Share, 1));
        Assert.Equal(2, CodebookOrdering.UsageRank(Share, 3));
        Assert.Equal(2, CodebookOrdering.UsageRank(Share, 4));
        Assert.Equal(5, CodebookOrdering.UsageRank(Share, 2));
    }

    [Fact]
    public void Sorts_parse_from_the_query_string_with_usage_as_default()
    {
        Assert.Equal(CodebookSort.Usage, CodebookOrdering.ParseSort(null));
        Assert.Equal(CodebookSort.Importance, CodebookOrdering.ParseSort("Importance"));
        Assert.Equal(CodebookSort.Id, CodebookOrdering.ParseSort("id"));
        Assert.Null(CodebookOrdering.ParseSort("random"));
        Assert.Equal("importance", CodebookOrdering.ToQuery(CodebookSort.Importance));
    }

    [Fact]
    public void A_tile_is_cut_from_the_sprite_by_its_column_and_row()
    {
        Assert.Equal("background-position:-0px -0px", CodebookTiles.Position(0, 48));
        Assert.Equal("background-position:-240px -96px", CodebookTiles.Position(2 * ApiUrls.CodebookSpriteColumns + 5, 48));
        Assert.Equal("--codebook-sprite:url('http://host/api/models/builtin/codebook.png');--codebook-sprite-size:1536px 816px;--codebook-tile:48px",
            CodebookTiles.SpriteVariables(new Uri("http://host/api/models/builtin/codebook.png"), 540, 48));
    }

    [Fact]
    public void Usage_reads_as_a_percentage_that_tells_rare_from_unused()
    {
        Assert.Equal("Token 123, used in 1.2% of positions", CodebookTiles.Label(123, 0.012));
        Assert.Equal("0.35%", CodebookTiles.FormatShare(0.0035));
        Assert.Equal("<0.01%", CodebookTiles.FormatShare(0.00001));
        Assert.Equal("0%", CodebookTiles.FormatShare(0));
    }
}
