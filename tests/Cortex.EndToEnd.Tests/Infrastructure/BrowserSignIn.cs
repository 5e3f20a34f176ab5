using Microsoft.Playwright;

namespace Cortex.EndToEnd;

/// <summary>Signs a browser page in through the sign-in form, as a person does; the end-to-end tests and the browser benchmark share it.</summary>
public static class BrowserSignIn
{
    /// <summary>Creates the account when needed (an admin unless a role is given), posts the form and waits until it has left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, LiveServer server, string name, Web.Services.Role role = Web.Services.Role.Admin)
    {
        await server.EnsureAccountAsync(name, role);
        await page.GotoAsync("signin");
        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=password]").FillAsync(LiveServer.PasswordOf(name));
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }
}
