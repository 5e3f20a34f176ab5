using Cortex.Web.Components.Layout;
using Cortex.Web.Components.Pages.Admin;
using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Shared;
using MudBlazor;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Extensions;

namespace Cortex.Web.Tests.Account;

/// <summary>Choosing a workspace, a link into another workspace of one's own, an account in none, and the administrators' page.</summary>
public sealed class WorkspaceTests : DashboardContext
{
    [Fact]
    public void The_switcher_names_the_current_workspace_and_posts_a_form_for_each_other_one()
    {
        Workspaces.Mine["id-tester"] = [new("default", "Default", Role.Admin), new("bias-team", "Bias team", Role.Viewer)];
        var popovers = Render<MudPopoverProvider>();
        var menu = Render<WorkspaceMenu>();
        Assert.Equal("Default", menu.Find("[data-testid=workspace-current]").TextContent.Trim());

        menu.Find("[data-testid=workspace-menu] button").Click();
        var options = popovers.WaitForElements("[data-testid=workspace-option]");

        Assert.Equal(2, options.Count);
        foreach (var form in options)
        {
            Assert.Equal(("post", AccountUrls.SwitchWorkspace), (form.GetAttribute("method"), form.GetAttribute("action")));
            Assert.Equal(TestAntiforgeryToken, form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"));
        }
        var bias = options.Single(o => o.QuerySelector("input[name=workspace]")!.GetAttribute("value") == "bias-team");
        Assert.Contains("Bias team", bias.TextContent);
        Assert.Contains("viewer", bias.TextContent);
        Assert.False(bias.QuerySelector("button")!.HasAttribute("disabled"));
        Assert.True(options.Single(o => o != bias).QuerySelector("button")!.HasAttribute("disabled"));
    }

    [Fact]
    public void A_link_to_an_experiment_of_another_workspace_of_mine_offers_to_switch_there_and_come_back()
    {
        Workspaces.Locations[("experiment", "e9")] = new("bias-team", "Bias team", Role.Editor);
        Services.GetRequiredService<NavigationManager>().NavigateTo("experiments/e9?tab=saliency");

        var page = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e9"));

        var notice = page.WaitForElement("[data-testid=elsewhere-notice]");
        Assert.Contains("This experiment is in the workspace Bias team, where you are editor; you are working in Default.", notice.TextContent);
        var form = notice.QuerySelector("[data-testid=elsewhere-switch]")!;
        Assert.Equal(AccountUrls.SwitchWorkspace, form.GetAttribute("action"));
        Assert.Equal("bias-team", form.QuerySelector("input[name=workspace]")!.GetAttribute("value"));
        Assert.Equal("/experiments/e9?tab=saliency", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
    }

    [Fact]
    public void An_id_found_nowhere_of_mine_says_only_that_it_is_not_here()
    {
        var page = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e9"));

        page.WaitForAssertion(() => Assert.Contains("There is no experiment with id 'e9' in this workspace.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=elsewhere-notice]"));
    }

    [Fact]
    public void An_account_in_no_workspace_is_told_why_it_sees_nothing()
    {
        Auth.SetClaims(new System.Security.Claims.Claim(CortexAuth.UserIdClaim, "id-new"));

        var notice = Render<NoWorkspaceNotice>();

        Assert.Contains("You work in no workspace", notice.Find("[data-testid=no-workspace]").TextContent);
        Assert.Empty(Render<WorkspaceMenu>().FindAll("[data-testid=workspace-menu]"));
    }

    [Fact]
    public async Task An_administrator_creates_workspaces_and_grants_administration_but_not_to_themselves()
    {
        Render<MudPopoverProvider>();
        Accounts.Users.Add(Fakes.FakeAccountService.User("id-tester", "tester", administrator: true));
        Accounts.Users.Add(Fakes.FakeAccountService.User("u-ada", "ada"));
        var page = Render<WorkspaceAdmin>();

        page.TextField("Name").Type("Bias team");
        page.Find("[data-testid=create-workspace]").Click();

        page.WaitForAssertion(() => Assert.Equal(["Bias team", "Default"], page.FindAll("[data-testid=workspace-name]").Select(c => c.TextContent.Trim()).Order()));
        Assert.Contains("Workspace 'Bias team' created", string.Join("\n", this.Snackbars()));

        var switches = page.FindComponents<MudSwitch<bool>>();
        Assert.True(switches.Single(s => (string)s.Instance.UserAttributes["aria-label"]! == "tester is a server administrator").Instance.Disabled);
        var ada = switches.Single(s => (string)s.Instance.UserAttributes["aria-label"]! == "ada is a server administrator");
        await ada.InvokeAsync(() => ada.Instance.ValueChanged.InvokeAsync(true));

        page.WaitForAssertion(() => Assert.True(Accounts.Users.Single(u => u.Name == "ada").Administrator));
        Assert.Contains("ada is now a server administrator.", this.Snackbars());
    }

    [Fact]
    public void A_refused_workspace_name_shows_at_its_field()
    {
        var page = Render<WorkspaceAdmin>();

        page.Find("[data-testid=create-workspace]").Click();

        page.WaitForAssertion(() => Assert.Contains("A workspace needs a name.", page.TextField("Name").Markup));
        Assert.Single(Workspaces.Workspaces);
    }
}
