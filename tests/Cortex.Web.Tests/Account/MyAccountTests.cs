using Cortex.Web.Components.Pages.Account;
using Cortex.Web.Tests.Shared;
using MudBlazor;
using MudBlazor.Extensions;

namespace Cortex.Web.Tests.Account;

/// <summary>A person's own account: who they are, and their API keys — created with the secret shown once, revoked after confirming.</summary>
public sealed class MyAccountTests : DashboardContext
{
    IRenderedComponent<MudDialogProvider> _dialogs = default!;

    IRenderedComponent<MyAccount> RenderPage()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        return Render<MyAccount>();
    }

    void ClickDialogButton(string text) => _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text).Click();

    [Fact]
    public void The_page_names_the_person_and_their_role_and_lists_only_their_keys()
    {
        SignIn("ada", Role.Editor);
        Accounts.Keys.Add(("id-ada", new ApiKeySummary("ck_1", "nightly sweep", new DateTime(2025, 3, 2, 8, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 4, 1, 30, 0, DateTimeKind.Utc), null)));
        Accounts.Keys.Add(("id-bo", new ApiKeySummary("ck_2", "bo's key", DateTime.UtcNow, null, null)));

        var page = RenderPage();

        Assert.StartsWith("Signed in as ada, editor in Default.", page.Find("[data-testid=account-who]").TextContent.Trim());
        var row = Assert.Single(page.FindAll("[data-testid=key-row]")).TextContent;
        Assert.Contains("nightly sweep", row);
        Assert.Contains("ck_1…", row);
        Assert.Contains("2025-03-02 08:00 UTC", row);
        Assert.Contains("2025-03-04 01:30 UTC", row);
        Assert.Contains("active", row);
    }

    [Fact]
    public void A_new_key_shows_its_secret_once_in_a_dialog_and_never_again()
    {
        var page = RenderPage();
        Assert.NotNull(page.Find("[data-testid=no-keys]"));

        page.TextField("Key name").Type("  notebook  ");
        page.Find("[data-testid=create-key]").Click();

        var secret = _dialogs.WaitForElement("[data-testid=new-key-secret]").TextContent;
        Assert.Equal("ck_0001.secret-1", secret);
        Assert.Contains("shown only this once", _dialogs.Markup);
        Assert.Equal(("id-tester", "notebook"), (Accounts.Keys.Single().UserId, Accounts.Keys.Single().Key.Name));
        _dialogs.Find("[data-testid=copy-key]").Click();
        Assert.Equal(secret, JSInterop.Invocations["navigator.clipboard.writeText"].Single().Arguments[0]);

        _dialogs.Find("[data-testid=key-done]").Click();

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=new-key-dialog]")));
        Assert.DoesNotContain(secret, _dialogs.Markup + page.Markup);
        Assert.Contains("notebook", page.Find("[data-testid=key-row]").TextContent);
        Assert.Null(page.TextField("Key name").Instance.GetState(f => f.Value));
    }

    [Fact]
    public void A_key_without_a_name_is_refused_at_the_field()
    {
        var page = RenderPage();

        page.Find("[data-testid=create-key]").Click();

        page.WaitForAssertion(() => Assert.Contains("A key needs a name.", page.TextField("Key name").Markup));
        Assert.Empty(Accounts.Keys);
        Assert.Empty(_dialogs.FindAll("[data-testid=new-key-dialog]"));
    }

    [Fact]
    public void Revoking_asks_first_and_then_lists_the_key_as_revoked()
    {
        Accounts.Keys.Add(("id-tester", new ApiKeySummary("ck_1", "old laptop", DateTime.UtcNow, null, null)));
        var page = RenderPage();

        page.Find("[data-testid=revoke-key]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Revoke 'old laptop'?", _dialogs.Markup));
        ClickDialogButton("Keep");
        Assert.Null(Accounts.Keys.Single().Key.RevokedAt);

        page.Find("[data-testid=revoke-key]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Revoke 'old laptop'?", _dialogs.Markup));
        ClickDialogButton("Revoke");

        page.WaitForAssertion(() => Assert.Equal("revoked 2025-03-04 09:00 UTC", page.Find("[data-testid=key-status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=revoke-key]"));
        Assert.Contains("Key 'old laptop' revoked.", this.Snackbars());
    }
}
