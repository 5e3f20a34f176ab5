using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>
/// One person in their own browser context: their name is in local storage before any page script
/// runs, as if they had set it with the app-bar badge. Collects the browser's errors so a test can
/// require a clean console.
/// </summary>
public sealed class BrowserUser : IAsyncDisposable
{
    readonly IBrowserContext _context;
    readonly List<string> _errors = [];

    BrowserUser(IBrowserContext context, IPage page, string name, int width)
    {
        (_context, Page, Name, Width) = (context, page, name, width);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") _errors.Add($"console: {message.Text} at {message.Location}");
        };
        page.PageError += (_, error) => _errors.Add($"page: {error}");
    }

    public IPage Page { get; }
    public string Name { get; }
    public int Width { get; }

    /// <summary>Console errors and uncaught exceptions seen so far, in order.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public static async Task<BrowserUser> OpenAsync(IBrowser browser, LiveServer server, string name, int width, int height)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = server.Address.ToString(), ViewportSize = new() { Width = width, Height = height } });
        await context.AddInitScriptAsync($"localStorage.setItem('cortex.user', {JsonSerializer.Serialize(name)});");
        return new BrowserUser(context, await context.NewPageAsync(), name, width);
    }

    /// <summary>Loads a page and waits until it is interactive.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitUntilInteractiveAsync();
    }

    // The prerendered page already shows every control but ignores clicks until its circuit is up.
    // The badge shows the stored name only once the interactive layout has read local storage, so
    // seeing the name means the circuit answers.
    Task WaitUntilInteractiveAsync() => Expect(Page.GetByTestId("user-badge")).ToHaveTextAsync(Name);

    public Task ScreenshotAsync(string page) => Page.ScreenshotAsync(new() { Path = Screenshots.PathFor(page, Width), FullPage = true });

    /// <summary>Fails when Blazor shows its error bar or the browser logged an error.</summary>
    public async Task ExpectHealthyAsync()
    {
        await Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.True(_errors.Count == 0, $"{Page.Url}: {string.Join(Environment.NewLine, _errors)}");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
