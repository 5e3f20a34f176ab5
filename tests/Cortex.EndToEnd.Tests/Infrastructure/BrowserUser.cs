using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>
/// One person in their own browser context, signed in through the sign-in page with their own account
/// (an admin unless a role is given). Collects the browser's errors so a test can require a clean console.
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

    public static async Task<BrowserUser> OpenAsync(IBrowser browser, LiveServer server, string name, int width, int height, Web.Services.Role role = Web.Services.Role.Admin)
    {
        var context = await NewContextAsync(browser, server, width, height);
        var user = new BrowserUser(context, await context.NewPageAsync(), name, width);
        await BrowserSignIn.SignInAsync(user.Page, server, name, role);
        await Expect(user.Page.GetByTestId("user-badge")).ToHaveTextAsync(name);
        return user;
    }

    /// <summary>Someone without an account, in a fresh context: what a share link's recipient is.</summary>
    public static async Task<BrowserUser> OpenVisitorAsync(IBrowser browser, LiveServer server, int width, int height)
    {
        var context = await NewContextAsync(browser, server, width, height);
        return new BrowserUser(context, await context.NewPageAsync(), "visitor", width);
    }

    /// <summary>
    /// Navigations and actions get a minute, not Playwright's 30 s: the suite runs its four projects at once on two cores,
    /// beside runs and cluster processes, and a sign-in once took longer than 30 s there.
    /// </summary>
    static async Task<IBrowserContext> NewContextAsync(IBrowser browser, LiveServer server, int width, int height)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = server.Address.ToString(), ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
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

    // The prerendered page already shows every control but ignores clicks until its circuit is up,
    // which the layout's marker tells.
    Task WaitUntilInteractiveAsync() => Expect(Page.Locator("[data-circuit=live]")).ToBeAttachedAsync();

    public Task ScreenshotAsync(string page) => Page.ScreenshotAsync(new() { Path = Screenshots.PathFor(page, Width), FullPage = true });

    /// <summary>Fails when Blazor shows its error bar or the browser logged an error.</summary>
    public async Task ExpectHealthyAsync()
    {
        await Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.True(_errors.Count == 0, $"{Page.Url}: {string.Join(Environment.NewLine, _errors)}");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
