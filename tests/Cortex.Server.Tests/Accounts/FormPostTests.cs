using System.Net;
using System.Text.RegularExpressions;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;

namespace Cortex.Server.Tests.Accounts;

/// <summary>
/// The dashboard's form posts as a browser sends them: each binds only its own form's fields, and every refusal
/// sends the browser to a page that says why in words — never a Problem Details body.
/// </summary>
public sealed partial class FormPostTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A browser: it keeps cookies and shows each redirect rather than following it.</summary>
    HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address };

    /// <summary>Opens <paramref name="page"/> and reads its form's antiforgery token, as the page's form would send it.</summary>
    static async Task<string> TokenFromAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        return AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"{page} has no antiforgery token");
    }

    static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) => new(fields.ToDictionary(f => f.Name, f => f.Value));

    static string ErrorOf(HttpResponseMessage response) =>
        Uri.UnescapeDataString(Regex.Match(response.Headers.Location!.OriginalString, "error=([^&]*)").Groups[1].Value);

    [Fact]
    public async Task Setup_binds_only_a_name_and_a_password_and_answers_on_its_own_page()
    {
        using var browser = Browser();
        // Setup is closed here (the fixture made an admin), so the token comes from the sign-in page: tokens are not per form.
        var token = await TokenFromAsync(browser, "/signin");

        // The setup form sends no returnUrl: the server once refused that with raw JSON about a missing constructor parameter.
        using var response = await browser.PostAsync(AccountUrls.Setup, Form(("__RequestVerificationToken", token), ("name", "second"), ("password", "a long enough password")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{AccountUrls.SetupPage}?error=", response.Headers.Location!.OriginalString);
        Assert.Contains("admin", ErrorOf(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sign_in_form_with_missing_fields_is_refused_in_words()
    {
        using var browser = Browser();
        var token = await TokenFromAsync(browser, "/signin");

        using var response = await browser.PostAsync(AccountUrls.SignIn, Form(("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("The name or the password is wrong.", ErrorOf(response));
    }

    [Fact]
    public async Task A_form_whose_token_expired_sends_the_browser_to_a_page_that_says_so()
    {
        using var browser = Browser();
        var expired = FormRefusals.Message(FormRefusal.Expired);

        using var signIn = await browser.PostAsync(AccountUrls.SignIn, Form(("name", "tester"), ("password", "x"), ("__RequestVerificationToken", "stale")));
        using var setup = await browser.PostAsync(AccountUrls.Setup, Form(("name", "x"), ("password", "y")));
        using var signOut = await browser.PostAsync(AccountUrls.SignOut, Form());

        Assert.Equal(expired, ErrorOf(signIn));
        Assert.Equal(expired, ErrorOf(setup));
        Assert.Equal($"{AccountUrls.FormRefusedPage}?reason=expired", signOut.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync(signOut.Headers.Location);
        Assert.Contains(WebUtility.HtmlEncode(expired), page);
        Assert.DoesNotContain("application/problem+json", signIn.Content.Headers.ContentType?.ToString() ?? "");
    }

    [Fact]
    public async Task Switching_workspace_after_the_sign_in_ended_leads_to_the_sign_in_page()
    {
        using var browser = Browser();
        var token = await TokenFromAsync(browser, "/signin");

        using var response = await browser.PostAsync(AccountUrls.SwitchWorkspace, Form(("__RequestVerificationToken", token), ("workspace", Workspaces.DefaultId)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AccountUrls.SignInPage, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_refusal_page_shows_only_its_own_words_for_an_unknown_reason()
    {
        using var browser = Browser();

        var page = await browser.GetStringAsync($"{AccountUrls.FormRefusedPage}?reason=%3Cscript%3Ecall%20us");

        Assert.Contains(WebUtility.HtmlEncode(FormRefusals.Message(FormRefusal.Unreadable)), page);
        Assert.DoesNotContain("call us", page);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
