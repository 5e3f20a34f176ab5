using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Findings;

public sealed class FindingQueueStateTests
{
    static readonly DateTime Noon = new(2025, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    static FindingDocument Raised(string id, int minute) => FakeReviewService.Finding(id, "e1", "c1", id, 1) with { CreatedAt = Noon.AddMinutes(minute), Evidence = [] };

    static FindingQueueState Queue(params string[] ids) => new(ids.Select((id, i) => Raised(id, i)), FindingQueueSort.Age);

    [Fact]
    public void Selecting_an_id_not_queued_selects_the_first_and_says_so()
    {
        var queue = Queue("a", "b");

        Assert.False(queue.Select("gone"));
        Assert.Equal(("a", 1), (queue.Selected!.Id, queue.Position));
        Assert.True(queue.Select("b"));
        Assert.Equal(2, queue.Position);
    }

    [Fact]
    public void Steps_stop_at_either_end()
    {
        var queue = Queue("a", "b");
        queue.Select(null);

        Assert.False(queue.Step(-1));
        Assert.True(queue.Step(+1));
        Assert.False(queue.Step(+1));
        Assert.Equal("b", queue.Selected!.Id);
    }

    [Fact]
    public void When_the_selected_finding_leaves_the_one_in_its_place_is_selected_else_the_new_last_else_none()
    {
        var queue = Queue("a", "b", "c");
        queue.Select("b");

        Assert.Equal(new FindingQueueState.Removal(queue.Items[1], WasSelected: true), queue.Remove("b"));
        Assert.Equal("c", queue.Selected!.Id);
        Assert.Equal("c", queue.Remove("c")!.Finding.Id);
        Assert.Equal("a", queue.Selected!.Id);
        Assert.Null(queue.Remove("c"));
        Assert.True(queue.Remove("a")!.WasSelected);
        Assert.Null(queue.Selected);
    }

    [Fact]
    public void A_finding_that_leaves_unselected_keeps_the_selection()
    {
        var queue = Queue("a", "b");
        queue.Select("b");

        Assert.False(queue.Remove("a")!.WasSelected);
        Assert.Equal("b", queue.Selected!.Id);
    }

    [Fact]
    public void A_finding_joins_in_its_place_by_the_sort_an_update_replaces_its_copy_and_an_empty_queue_selects_the_newcomer()
    {
        var queue = Queue("a", "c");
        queue.Select("c");

        Assert.True(queue.Put(Raised("b", 1) with { CreatedAt = Noon.AddSeconds(30) }));
        Assert.Equal(["a", "b", "c"], queue.Items.Select(f => f.Id));
        var commented = queue.Selected! with { Comments = [new FindingComment("bob", "look at image 3", Noon)] };
        Assert.False(queue.Put(commented));
        Assert.Same(commented, queue.Selected);

        var empty = Queue();
        empty.Put(Raised("z", 9));
        Assert.Equal("z", empty.Selected!.Id);
    }
}
