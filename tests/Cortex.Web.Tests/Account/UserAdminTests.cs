using Cortex.Web.Components.Pages.Admin;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using MudBlazor;
using MudBlazor.Extensions;

namespace Cortex.Web.Tests.Account;

/// <summary>The admin's users page: every account with its role, new accounts, and role changes.</summary>
public sealed class UserAdminTests : DashboardContext
{
    public UserAdminTests()
    {
        Render<MudPopoverProvider>();
        Accounts.Users.Add(FakeAccountService.User("id-tester", "tester", Role.Admin));
        Accounts.Users.Add(FakeAccountService.User("u-ada", "ada", Role.Viewer));
    }

    static IReadOnlyList<string> Names(IRenderedComponent<UserAdmin> page) => [.. page.FindAll("[data-testid=user-name]").Select(c => c.TextContent.Trim())];

    static IRenderedComponent<MudSelect<Role>> RoleOf(IRenderedComponent<UserAdmin> page, string name) =>
        page.FindComponents<MudSelect<Role>>().Single(s => s.Instance.UserAttributes.TryGetValue("aria-label", out var label) && (string)label! == $"Role of {name}");

    [Fact]
    public void A_new_user_is_created_with_name_password_and_role_by_the_admin_and_listed()
    {
        var page = Render<UserAdmin>();
        Assert.Equal(["ada", "tester"], Names(page));

        page.TextField("Name").Type("  grace ");
        page.TextField("Initial password").Type("correct horse");
        var role = page.FindComponents<MudSelect<Role>>().Single(s => s.Instance.Label == "Role");
        role.InvokeAsync(() => role.Instance.ValueChanged.InvokeAsync(Role.Reviewer));
        page.Find("[data-testid=create-user]").Click();

        page.WaitForAssertion(() => Assert.Equal(["ada", "grace", "tester"], Names(page)));
        Assert.Equal(("grace", Role.Reviewer, "tester"), (Accounts.Users[2].Name, Accounts.Users[2].Role, Accounts.Users[2].CreatedBy));
        Assert.Contains("User 'grace' created as reviewer.", this.Snackbars());
        Assert.Null(page.TextField("Name").Instance.GetState(f => f.Value));
        Assert.Null(page.TextField("Initial password").Instance.GetState(f => f.Value));
    }

    [Fact]
    public void What_the_server_refuses_shows_next_to_its_field_or_apart()
    {
        Accounts.NextCreateUser = ServiceResult<UserSummary>.Invalid(new Dictionary<string, string[]>
        {
            ["name"] = ["A user named 'ada' exists."],
            ["password"] = ["At least 12 characters."],
            ["email"] = ["Not asked for here."],
        });
        var page = Render<UserAdmin>();
        page.TextField("Name").Type("ada");

        page.Find("[data-testid=create-user]").Click();

        page.WaitForAssertion(() => Assert.Contains("A user named 'ada' exists.", page.TextField("Name").Markup));
        Assert.Contains("At least 12 characters.", page.TextField("Initial password").Markup);
        Assert.Equal("email: Not asked for here.", page.Find("[data-testid=new-user-error]").TextContent.Trim());
        Assert.Equal(2, Accounts.Users.Count);
    }

    [Fact]
    public async Task Changing_a_role_saves_it_and_a_refusal_puts_the_stored_role_back()
    {
        var page = Render<UserAdmin>();
        Assert.True(RoleOf(page, "tester").Instance.Disabled);

        var ada = RoleOf(page, "ada");
        await ada.InvokeAsync(() => ada.Instance.ValueChanged.InvokeAsync(Role.Editor));

        page.WaitForAssertion(() => Assert.Equal(Role.Editor, RoleOf(page, "ada").Instance.GetState(f => f.Value)));
        Assert.Equal(Role.Editor, Accounts.Users.Single(u => u.Name == "ada").Role);
        Assert.Contains("ada is now editor.", this.Snackbars());

        Accounts.NextSetRole = ServiceResult<UserSummary>.Conflict("Cortex keeps at least one admin.");
        ada = RoleOf(page, "ada");
        await ada.InvokeAsync(() => ada.Instance.ValueChanged.InvokeAsync(Role.Viewer));

        page.WaitForAssertion(() => Assert.Contains("ada's role was not changed: Cortex keeps at least one admin.", this.Snackbars()));
        Assert.Equal(Role.Editor, RoleOf(page, "ada").Instance.GetState(f => f.Value));
    }
}
