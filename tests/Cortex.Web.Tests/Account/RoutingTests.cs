using Bunit.TestDoubles;
using Cortex.Web.Components;
using Cortex.Web.Components.Pages.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Web.Tests.Account;

/// <summary>The router: every page needs someone signed in, some a role; sign-in and setup need nobody.</summary>
public sealed class RoutingTests : DashboardContext
{
    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <param name="interactive">false for a page rendered by a full load without a circuit, as sign-in is</param>
    IRenderedComponent<Routes> Open(string relativeUrl, bool interactive = true)
    {
        // The layout marks a live circuit, which it asks the renderer about.
        Renderer.SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", isInteractive: interactive));
        Navigation.NavigateTo(relativeUrl);
        return Render<Routes>();
    }

    [Fact]
    public void A_visitor_is_sent_to_sign_in_with_the_page_to_come_back_to_by_a_full_page_load()
    {
        SignOut();

        var app = Open("experiments/e1?tab=live&step=3");

        app.WaitForAssertion(() => Assert.Equal("http://localhost/signin?returnUrl=%2Fexperiments%2Fe1%3Ftab%3Dlive%26step%3D3", Navigation.Uri));
        var redirect = ((BunitNavigationManager)Navigation).History.First();
        Assert.True(redirect.Options.ForceLoad);
        Assert.Empty(Experiments.Experiments);
    }

    [Fact]
    public void The_sign_in_page_opens_for_a_visitor()
    {
        SignOut();

        // A full page load renders it without a circuit: typing must not be reset when one starts.
        var page = typeof(Cortex.Web.Components.Pages.Account.SignIn);
        Assert.NotNull(Attribute.GetCustomAttribute(page, typeof(Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute)));
        Assert.NotNull(Attribute.GetCustomAttribute(page, typeof(ExcludeFromInteractiveRoutingAttribute)));
        Assert.NotNull(Render<Cortex.Web.Components.Pages.Account.SignIn>().Find("[data-testid=signin-form]"));
    }

    [Fact]
    public void A_viewer_reads_which_role_a_page_needs_instead_of_the_page()
    {
        SignIn("val", Role.Viewer);

        var app = Open("experiments/new");

        var refusal = app.WaitForElement("[data-testid=role-refusal]");
        Assert.Equal("You need the editor role to start experiments.", refusal.TextContent.Trim());
        Assert.StartsWith("You are signed in as val, a viewer in Default.", app.Find("[data-testid=role-who]").TextContent.Trim());
        Assert.Empty(app.FindAll("[data-testid=create-experiment]"));
    }

    [Fact]
    public void An_editor_opens_the_page_a_viewer_may_not_and_only_a_workspace_admin_opens_the_members_page()
    {
        SignIn("ed", Role.Editor);
        var app = Open("experiments/new");
        Assert.NotEmpty(app.WaitForElements("[data-testid=create-experiment]"));

        Navigation.NavigateTo("admin/members");
        Assert.Equal("You need the admin role to manage this workspace's members.", app.WaitForElement("[data-testid=role-refusal]").TextContent.Trim());

        SignIn("lead", Role.Admin, administrator: false);
        Assert.NotNull(app.WaitForElement("[data-testid=new-user-form]"));
    }

    [Fact]
    public void Only_a_server_administrator_opens_the_workspaces_page_whatever_their_role_in_the_workspace()
    {
        SignIn("lead", Role.Admin, administrator: false);
        var app = Open("admin/workspaces");
        Assert.Equal("Only a server administrator may manage workspaces and accounts.", app.WaitForElement("[data-testid=role-refusal]").TextContent.Trim());

        SignIn("root", Role.Admin);
        Assert.NotNull(app.WaitForElement("[data-testid=new-workspace-form]"));
    }

    // The server refuses a full page load before the router sees it; the page it sends people to names the
    // role the refused page needs, as the router's own refusal does, and the role they have.
    [Theory]
    [InlineData("%2Fexperiments%2Fnew", "You need the editor role to start experiments.")]
    [InlineData("%2FExperiments%2Fnew%3Fmodel%3Dtiny", "You need the editor role to start experiments.")]
    [InlineData("%2Fadmin%2Fmembers", "You need the admin role to manage this workspace's members.")]
    [InlineData("%2Fadmin%2Fworkspaces", "Only a server administrator may manage workspaces and accounts.")]
    [InlineData("%2Fnowhere%2Fat%2Fall", "Your role does not allow /nowhere/at/all.")]
    public void A_full_page_load_the_server_refused_lands_on_the_same_refusal(string refused, string message)
    {
        SignIn("val", Role.Viewer);

        var app = Open($"access-denied?returnUrl={refused}");

        Assert.Equal(message, app.WaitForElement("[data-testid=role-refusal]").TextContent.Trim());
        Assert.StartsWith("You are signed in as val, a viewer in Default.", app.Find("[data-testid=role-who]").TextContent.Trim());
    }

    // The server redirects to these addresses by the contract's constants; the pages must sit there.
    [Theory]
    [InlineData(typeof(SignIn), AccountUrls.SignInPage)]
    [InlineData(typeof(Setup), AccountUrls.SetupPage)]
    [InlineData(typeof(AccessDenied), AccountUrls.AccessDeniedPage)]
    public void The_account_pages_sit_where_the_server_sends_people(Type page, string address) =>
        Assert.Equal(address, Assert.Single(page.GetCustomAttributes(typeof(RouteAttribute), false).Cast<RouteAttribute>()).Template);

    [Theory]
    [InlineData("/experiments/e1?tab=live", "/experiments/e1?tab=live")]
    [InlineData("https://elsewhere.example/", "/")]
    [InlineData("//elsewhere.example/", "/")]
    [InlineData("/\\elsewhere.example/", "/")]
    [InlineData(null, "/")]
    public void Sign_in_returns_only_to_a_path_on_this_site(string? asked, string kept) => Assert.Equal(kept, ReturnUrl.Local(asked));
}
