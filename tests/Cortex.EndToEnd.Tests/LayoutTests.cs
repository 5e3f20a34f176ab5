using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class LayoutTests(CortexApp app)
{
    const int Height = 800;

    /// <summary>A page to visit and what shows once its content has loaded.</summary>
    sealed record Page(string Name, string Path, string Ready);

    [Theory]
    [InlineData(1280)]
    [InlineData(800)]
    public async Task Every_page_renders_without_errors_and_fits_the_window_width(int width)
    {
        var run = await app.FinishedRunAsync();
        var findingId = await app.Server.CreateFindingAsync(run.ExperimentId, run.TargetConceptId, $"layout check {width}", [5]);
        await using var user = await app.OpenAsUserAsync("dana", width, Height);
        var problems = new List<string>();

        foreach (var page in Pages(run, findingId)) await VisitAsync(user, page, problems);
        // The most used codebook entry is the first tile: an entry that surely has usage and contexts to show.
        var token = await user.Page.Locator(".codebook-tile").First.GetAttributeAsync("data-token");
        await VisitAsync(user, new Page("token", $"/codebook/{token}", "[data-testid=token-usage]"), problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    static IEnumerable<Page> Pages(FinishedRun run, string findingId) =>
    [
        new("home", "/", "[data-testid=model-card]"),
        new("concepts", "/concepts", "[data-testid=concept-table]"),
        new("models", "/models", "[data-testid=model-table]"),
        new("model", "/models/builtin", "[data-testid=model-facts]"),
        new("concept", $"/concepts/{run.SourceConceptId}", "[data-testid=concept-experiments]"),
        new("experiment-new", "/experiments/new", "[data-testid=create-experiment]"),
        new("experiments", "/experiments", "[data-testid=experiment-list]"),
        new("experiment-live", $"/experiments/{run.ExperimentId}", ".live-replay"),
        new("experiment-results", $"/experiments/{run.ExperimentId}?tab=results", "[data-testid=figures]"),
        new("findings", "/findings", "[data-testid=finding-row]"),
        new("finding", $"/findings/{findingId}", "[data-testid=finding-status]"),
        new("review", "/review", "[data-testid=queue-row]"),
        new("members", "/admin/members", "[data-testid=member-table]"),
        new("workspaces", "/admin/workspaces", "[data-testid=account-table]"),
        new("workers", "/admin/workers", "[data-testid=worker-table]"),
        // Last: the token page after it starts from the codebook's first tile.
        new("codebook", "/codebook", "[data-testid=codebook-grid]"),
    ];

    static async Task VisitAsync(BrowserUser user, Page page, List<string> problems)
    {
        var earlierErrors = user.Errors.Count;
        await user.GotoAsync(page.Path);
        await Expect(user.Page.Locator(page.Ready).First).ToBeVisibleAsync();
        // Images come from the API after the content shows; a screenshot should have them.
        await user.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await user.ScreenshotAsync(page.Name);

        if (await user.Page.Locator("#blazor-error-ui").IsVisibleAsync()) problems.Add($"{page.Name}: Blazor's error bar shows");
        if (user.Errors.Count > earlierErrors) problems.Add($"{page.Name}: {string.Join("; ", user.Errors.Skip(earlierErrors))}");
        var widths = await user.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        if (scroll > client + 1) problems.Add($"{page.Name}: the document is {scroll} px wide in a {client} px window");
    }
}
