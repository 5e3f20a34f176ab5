using System.Text.RegularExpressions;
using Cortex.Server.Cli;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>
/// A new user's first visit, exactly as the README tells it: <c>cortex serve</c> as its own process on an empty
/// data directory, nothing prepared behind the dashboard's back, and every step done in Chromium — setup of the
/// first administrator, the home page, signing out and in again.
/// </summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    const string Name = "ada";
    const string Password = "a first-run password";

    IPlaywright _playwright = default!;
    IBrowser _browser = default!;
    ServerProcess _server = default!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var data = Path.Combine(Directory.CreateTempSubdirectory("cortex-first-run-").FullName, "data");
        _server = await ServerProcess.StartAsync(new ServerProcess.Options(data, ApiKey: null, OwnsData: true));
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_new_user_sets_up_the_first_administrator_and_signs_in_on_an_empty_data_directory()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _server.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.GetByTestId("setup-link").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("first-run-setup", 1280), FullPage = true });

        await page.Locator("input[name=name]").FillAsync(Name);
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.GetByTestId("setup-submit").ClickAsync();

        // Signed in at once, on the home page, as the administrator just made.
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByTestId("user-badge")).ToHaveTextAsync(Name);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Models" })).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Missing required value");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathFor("first-run-home", 1280), FullPage = true });

        // The menu opens once the page's circuit is up (the layout's marker tells).
        await Expect(page.Locator("[data-circuit=live]")).ToBeAttachedAsync();
        await page.GetByTestId("account-menu").GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByTestId("sign-out-form").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await Expect(page.GetByTestId("setup-link")).ToHaveCountAsync(0);

        await page.Locator("input[name=name]").FillAsync(Name);
        await page.Locator("input[name=password]").FillAsync(Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("user-badge")).ToHaveTextAsync(Name);

        await page.GotoAsync("/setup");
        await Expect(page.GetByTestId("setup-closed")).ToBeVisibleAsync();
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        await context.CloseAsync();
    }
}
