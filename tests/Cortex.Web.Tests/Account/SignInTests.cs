using Cortex.Web.Components.Pages.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Web.Tests.Account;

/// <summary>Sign-in and first-time setup are plain HTML forms the browser posts to the server's account endpoints.</summary>
public sealed class SignInTests : DashboardContext
{
    public SignInTests() => SignOut();

    IRenderedComponent<T> Open<T>(string relativeUrl) where T : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUrl);
        return Render<T>();
    }

    [Fact]
    public void The_sign_in_form_posts_name_password_return_url_and_antiforgery_token_natively()
    {
        var page = Open<SignIn>("signin?returnUrl=%2Fexperiments%2Fe1");

        var form = page.Find("[data-testid=signin-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/signin", form.GetAttribute("action"));
        // Left to the browser: Blazor intercepts a form only with an onsubmit handler or data-enhance.
        Assert.False(form.HasAttribute("data-enhance"));
        Assert.False(form.HasAttribute("blazor:onsubmit"));
        Assert.Equal(DashboardContext.TestAntiforgeryToken, form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.Equal("/experiments/e1", form.QuerySelector("input[name=returnUrl]")?.GetAttribute("value"));
        Assert.Equal("username", form.QuerySelector("input[name=name]")?.GetAttribute("autocomplete"));
        Assert.Equal("password", form.QuerySelector("input[name=password]")?.GetAttribute("type"));
        Assert.Equal("submit", form.QuerySelector("button")?.GetAttribute("type"));
        Assert.Empty(page.FindAll("[data-testid=signin-error]"));
    }

    [Fact]
    public void A_refusal_from_the_server_shows_as_text_and_a_foreign_return_url_becomes_home()
    {
        var page = Open<SignIn>("signin?error=%3Cb%3EWrong%3C%2Fb%3E%20name%20or%20password.&returnUrl=https%3A%2F%2Felsewhere.example%2F");

        var error = page.Find("[data-testid=signin-error]");
        Assert.Equal("<b>Wrong</b> name or password.", error.TextContent.Trim());
        Assert.Empty(error.QuerySelectorAll("b"));
        Assert.Equal("/", page.Find("input[name=returnUrl]").GetAttribute("value"));
    }

    [Fact]
    public void Sign_in_points_to_setup_only_while_no_admin_exists()
    {
        Assert.Empty(Open<SignIn>("signin").FindAll("[data-testid=setup-link]"));

        Accounts.NeedsSetup = true;
        var link = Open<SignIn>("signin").Find("[data-testid=setup-link] a");
        Assert.Equal("/setup", link.GetAttribute("href"));
    }

    [Fact]
    public void Setup_while_open_posts_the_first_admin_to_the_server()
    {
        Accounts.NeedsSetup = true;

        var form = Open<Setup>("setup").Find("[data-testid=setup-form]");

        Assert.Equal(("post", "/account/setup"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(DashboardContext.TestAntiforgeryToken, form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name=name]"));
        Assert.Equal("new-password", form.QuerySelector("input[name=password]")?.GetAttribute("autocomplete"));
    }

    [Fact]
    public void Setup_is_closed_once_an_admin_exists()
    {
        var page = Open<Setup>("setup");

        Assert.Contains("Setup is closed", page.Find("[data-testid=setup-closed]").TextContent);
        Assert.Empty(page.FindAll("form"));
        Assert.Empty(page.FindAll("input"));
    }
}
