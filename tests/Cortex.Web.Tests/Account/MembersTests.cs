using Cortex.Web.Components.Pages.Admin;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using MudBlazor;
using MudBlazor.Extensions;

namespace Cortex.Web.Tests.Account;

/// <summary>A workspace admin's members page: its members with their roles here, existing accounts added, new accounts made for it, roles changed, members removed.</summary>
public sealed class MembersTests : DashboardContext
{
    public MembersTests()
    {
        Render<MudPopoverProvider>();
        Workspaces.Add(Web.Services.Workspaces.DefaultId, new MemberSummary("id-tester", "tester", Role.Admin, true));
        Workspaces.Add(Web.Services.Workspaces.DefaultId, new MemberSummary("u-ada", "ada", Role.Viewer, false));
    }

    static IReadOnlyList<string> Names(IRenderedComponent<Members> page) => [.. page.FindAll("[data-testid=member-name]").Select(c => c.TextContent.Trim())];

    static IRenderedComponent<MudSelect<Role>> RoleOf(IRenderedComponent<Members> page, string name) =>
        page.FindComponents<MudSelect<Role>>().Single(s => s.Instance.UserAttributes.TryGetValue("aria-label", out var label) && (string)label! == $"Role of {name}");

    static Task Choose(IRenderedComponent<Members> page, string label, Role role)
    {
        var select = page.FindComponents<MudSelect<Role>>().Single(s => s.Instance.Label == label);
        return select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(role));
    }

    [Fact]
    public void The_page_names_the_workspace_and_marks_server_administrators()
    {
        var page = Render<Members>();

        Assert.Contains("Members of Default", page.Find("h1").TextContent);
        Assert.Equal(["ada", "tester"], Names(page));
        Assert.Contains("server administrator", page.FindAll("tr").Single(r => r.TextContent.Contains("tester")).TextContent);
        Assert.DoesNotContain("server administrator", page.FindAll("tr").Single(r => r.TextContent.Contains("ada")).TextContent);
    }

    [Fact]
    public async Task A_new_account_joins_this_workspace_with_its_role()
    {
        var page = Render<Members>();

        page.TextField("Name").Type("  grace ");
        page.TextField("Initial password").Type("correct horse");
        await Choose(page, "Role", Role.Reviewer);
        page.Find("[data-testid=create-user]").Click();

        page.WaitForAssertion(() => Assert.Equal(["ada", "grace", "tester"], Names(page)));
        Assert.Equal(("grace", "tester"), (Accounts.Users.Single().Name, Accounts.Users.Single().CreatedBy));
        Assert.Equal(Role.Reviewer, Workspaces.Members[Web.Services.Workspaces.DefaultId].Single(m => m.Name == "grace").Role);
        Assert.Contains("Account 'grace' created, reviewer in Default.", this.Snackbars());
        Assert.Null(page.TextField("Name").Instance.GetState(f => f.Value));
        Assert.Null(page.TextField("Initial password").Instance.GetState(f => f.Value));
    }

    [Fact]
    public void What_the_server_refuses_of_a_new_account_shows_next_to_its_field_or_apart()
    {
        Accounts.NextCreateUser = ServiceResult<UserSummary>.Invalid(new Dictionary<string, string[]>
        {
            ["name"] = ["A user named 'ada' exists."],
            ["password"] = ["At least 12 characters."],
            ["email"] = ["Not asked for here."],
        });
        var page = Render<Members>();
        page.TextField("Name").Type("ada");

        page.Find("[data-testid=create-user]").Click();

        page.WaitForAssertion(() => Assert.Contains("A user named 'ada' exists.", page.TextField("Name").Markup));
        Assert.Contains("At least 12 characters.", page.TextField("Initial password").Markup);
        Assert.Equal("email: Not asked for here.", page.Find("[data-testid=new-user-error]").TextContent.Trim());
        Assert.Empty(Accounts.Users);
    }

    [Fact]
    public async Task An_existing_account_is_added_by_name_and_an_unknown_one_is_refused_at_its_field()
    {
        var page = Render<Members>();

        page.TextField("Account name").Type("lin");
        await Choose(page, "Role here", Role.Editor);
        page.Find("[data-testid=add-member]").Click();

        page.WaitForAssertion(() => Assert.Equal(["ada", "lin", "tester"], Names(page)));
        Assert.Equal(Role.Editor, Workspaces.Members[Web.Services.Workspaces.DefaultId].Single(m => m.Name == "lin").Role);
        Assert.Contains("lin is editor in Default.", this.Snackbars());

        Workspaces.NextSetMember = ServiceResult<MemberSummary>.Invalid(new Dictionary<string, string[]> { ["name"] = ["There is no account named 'nobody'."] });
        page.TextField("Account name").Type("nobody");
        page.Find("[data-testid=add-member]").Click();

        page.WaitForAssertion(() => Assert.Contains("There is no account named 'nobody'.", page.TextField("Account name").Markup));
        Assert.Equal(3, Names(page).Count);
    }

    [Fact]
    public async Task Changing_a_role_saves_it_and_a_refusal_puts_the_stored_role_back()
    {
        var page = Render<Members>();
        Assert.True(RoleOf(page, "tester").Instance.Disabled);

        var ada = RoleOf(page, "ada");
        await ada.InvokeAsync(() => ada.Instance.ValueChanged.InvokeAsync(Role.Editor));

        page.WaitForAssertion(() => Assert.Equal(Role.Editor, RoleOf(page, "ada").Instance.GetState(f => f.Value)));
        Assert.Contains("ada is now editor in Default.", this.Snackbars());

        Workspaces.NextSetMember = ServiceResult<MemberSummary>.Conflict("Not now.");
        ada = RoleOf(page, "ada");
        await ada.InvokeAsync(() => ada.Instance.ValueChanged.InvokeAsync(Role.Viewer));

        page.WaitForAssertion(() => Assert.Contains("ada's role was not changed: Not now.", this.Snackbars()));
        Assert.Equal(Role.Editor, RoleOf(page, "ada").Instance.GetState(f => f.Value));
    }

    [Fact]
    public void A_member_is_removed_but_nobody_removes_themselves()
    {
        var page = Render<Members>();
        var buttons = page.FindAll("[data-testid=member-remove]");
        Assert.True(buttons.Single(b => b.Closest("tr")!.TextContent.Contains("tester")).HasAttribute("disabled"));

        buttons.Single(b => b.Closest("tr")!.TextContent.Contains("ada")).Click();

        page.WaitForAssertion(() => Assert.Equal(["tester"], Names(page)));
        Assert.Contains("ada no longer belongs to Default; their work stays.", this.Snackbars());
    }
}
