using Cortex.Web.Components.Layout;
using MudBlazor;

namespace Cortex.Web.Tests.Account;

/// <summary>The app bar names who is signed in, with their role, and leads to their account, the users page and signing out.</summary>
public sealed class AccountMenuTests : DashboardContext
{
    IRenderedComponent<MudPopoverProvider> _popovers = default!;

    IRenderedComponent<AccountMenu> RenderMenu()
    {
        _popovers = Render<MudPopoverProvider>();
        return Render<AccountMenu>();
    }

    static (string Name, string Role) Badge(IRenderedComponent<AccountMenu> menu) =>
        (menu.Find("[data-testid=user-badge]").TextContent, menu.Find("[data-testid=user-role]").TextContent);

    /// <summary>Clicks the badge; the menu's items render in the popover provider.</summary>
    IRenderedComponent<MudPopoverProvider> OpenMenu(IRenderedComponent<AccountMenu> menu)
    {
        menu.Find("[data-testid=account-menu] button").Click();
        _popovers.WaitForElement("[data-testid=sign-out-form]");
        return _popovers;
    }

    [Fact]
    public void An_administrator_sees_name_and_role_and_the_menu_has_account_members_workspaces_and_a_sign_out_form()
    {
        var menu = RenderMenu();
        Assert.Equal(("tester", "admin"), Badge(menu));

        var popovers = OpenMenu(menu);

        Assert.Equal("account", popovers.Find("[data-testid=menu-account]").GetAttribute("href"));
        Assert.Equal("admin/members", popovers.Find("[data-testid=menu-members]").GetAttribute("href"));
        Assert.Equal("admin/workspaces", popovers.Find("[data-testid=menu-workspaces]").GetAttribute("href"));
        Assert.Equal("admin/workers", popovers.Find("[data-testid=menu-workers]").GetAttribute("href"));
        var form = popovers.Find("[data-testid=sign-out-form]");
        Assert.Equal(("post", "/account/signout"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(DashboardContext.TestAntiforgeryToken, form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.Equal("submit", form.QuerySelector("button")?.GetAttribute("type"));
    }

    [Fact]
    public void Someone_who_is_not_an_admin_has_no_members_or_workspaces_entry()
    {
        SignIn("val", Role.Viewer);
        var menu = RenderMenu();
        Assert.Equal(("val", "viewer"), Badge(menu));

        var popovers = OpenMenu(menu);

        Assert.NotEmpty(popovers.FindAll("[data-testid=menu-account]"));
        Assert.Empty(popovers.FindAll("[data-testid=menu-members]"));
        Assert.Empty(popovers.FindAll("[data-testid=menu-workspaces]"));
        Assert.Empty(popovers.FindAll("[data-testid=menu-workers]"));
    }

    [Fact]
    public void A_workspace_admin_who_is_no_server_administrator_manages_members_only()
    {
        SignIn("lead", Role.Admin, administrator: false);
        var popovers = OpenMenu(RenderMenu());

        Assert.NotEmpty(popovers.FindAll("[data-testid=menu-members]"));
        Assert.Empty(popovers.FindAll("[data-testid=menu-workspaces]"));
        Assert.Empty(popovers.FindAll("[data-testid=menu-workers]"));
    }

    [Fact]
    public void A_visitor_gets_a_sign_in_link_and_the_badge_follows_a_change_of_person()
    {
        SignOut();
        var menu = RenderMenu();
        Assert.Equal("/signin", menu.Find("[data-testid=sign-in-link]").GetAttribute("href"));

        SignIn("ada", Role.Reviewer);

        menu.WaitForAssertion(() => Assert.Equal(("ada", "reviewer"), Badge(menu)));
        Assert.Empty(menu.FindAll("[data-testid=sign-in-link]"));
    }
}
