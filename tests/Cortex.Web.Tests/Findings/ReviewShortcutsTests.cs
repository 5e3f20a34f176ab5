namespace Cortex.Web.Tests.Findings;

public sealed class ReviewShortcutsTests
{
    [Theory]
    [InlineData("j", ReviewAction.Next)]
    [InlineData("ArrowDown", ReviewAction.Next)]
    [InlineData("k", ReviewAction.Previous)]
    [InlineData("ArrowUp", ReviewAction.Previous)]
    [InlineData("c", ReviewAction.Confirm)]
    [InlineData("d", ReviewAction.Dismiss)]
    [InlineData("o", ReviewAction.Open)]
    [InlineData("Enter", ReviewAction.Open)]
    [InlineData("/", ReviewAction.Reason)]
    [InlineData("?", ReviewAction.Help)]
    [InlineData("C", null)]
    [InlineData("x", null)]
    [InlineData("Escape", null)]
    public void Each_key_does_one_thing_and_other_keys_nothing(string key, ReviewAction? action) => Assert.Equal(action, ReviewShortcuts.ActionOf(key));

    [Fact]
    public void The_browser_is_handed_every_key_once() =>
        Assert.Equal(ReviewShortcuts.Keys.Count, ReviewShortcuts.Keys.Distinct(StringComparer.Ordinal).Count());
}
