using Cortex.Server.Api;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.Server.Accounts;

/// <summary>
/// Signing in and out (HTML form posts from the dashboard, antiforgery-checked and rate limited), the
/// one-time setup of the first admin, and the account API: my keys, users for admins, audit trails.
/// </summary>
public static class AccountEndpoints
{
    public sealed record SignInForm(string? Name, string? Password, string? ReturnUrl);
    public sealed record UserRequest(string? Name, string? Password, string? Role);
    public sealed record RoleRequest(string? Role);
    public sealed record KeyRequest(string? Name);
    public sealed record Me(string Id, string Name, string Role);

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/account").WithTags("Account").ExcludeFromDescription();
        forms.MapPost("/signin", async ([FromForm] SignInForm form, AccountService accounts, HttpContext context) =>
        {
            var back = Local(form.ReturnUrl);
            if (accounts.Verify(form.Name, form.Password) is not { } user)
                return Results.Redirect($"{AccountUrls.SignInPage}?error={Uri.EscapeDataString("The name or the password is wrong.")}&returnUrl={Uri.EscapeDataString(back)}");
            await SignInAsync(context, user);
            return Results.LocalRedirect(back);
        }).RequireRateLimiting(AccountHosting.SignInLimit);
        forms.MapPost("/setup", async ([FromForm] SignInForm form, AccountService accounts, HttpContext context) =>
        {
            var created = accounts.CreateFirstAdmin(form.Name, form.Password);
            if (!created.Succeeded) return Results.Redirect($"{AccountUrls.SetupPage}?error={Uri.EscapeDataString(created.Message)}");
            await SignInAsync(context, accounts.Verify(form.Name, form.Password)!);
            return Results.LocalRedirect("/");
        }).RequireRateLimiting(AccountHosting.SignInLimit);
        forms.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(AccountUrls.SignInPage);
        });

        var api = app.MapGroup("/api").WithTags("Account").RequireAuthorization(AccountHosting.ApiPolicy);
        api.MapGet("/account", (HttpContext context) =>
            new Me(CortexAuth.UserIdOf(context.User)!, context.User.Identity!.Name!, CortexAuth.RoleOf(context.User)!.Value.ToString().ToLowerInvariant()));
        api.MapGet("/account/keys", (IAccountService accounts, HttpContext context) => accounts.ListKeysAsync(CortexAuth.UserIdOf(context.User)!, context.RequestAborted));
        // Anyone signed in manages their own keys, viewers too: reading through the API needs one.
        api.MapPost("/account/keys", async (KeyRequest request, IAccountService accounts, HttpContext context) =>
            ApiResults.Created(await accounts.CreateKeyAsync(CortexAuth.UserIdOf(context.User)!, request.Name, context.RequestAborted), k => $"/api/account/keys/{k.Key.Id}"))
            .RequireAuthorization(CortexAuth.Policy(Role.Viewer));
        api.MapDelete("/account/keys/{id}", async (string id, IAccountService accounts, HttpContext context) =>
            ApiResults.NoContent(await accounts.RevokeKeyAsync(CortexAuth.UserIdOf(context.User)!, id, context.RequestAborted)));
        api.MapGet("/audit/{targetId}", (string targetId, IAccountService accounts, CancellationToken cancel) => accounts.AuditAsync(targetId, cancel));

        var users = api.MapGroup("/users").RequireAuthorization(CortexAuth.Policy(Role.Admin));
        users.MapGet("/", (IAccountService accounts, CancellationToken cancel) => accounts.ListUsersAsync(cancel));
        users.MapPost("/", async (UserRequest request, IAccountService accounts, HttpContext context) => CortexAuth.ParseRole(request.Role) is { } role
            ? ApiResults.Created(await accounts.CreateUserAsync(request.Name, request.Password, role, context.User.Identity!.Name!, context.RequestAborted), u => $"/api/users/{u.Id}")
            : RoleProblem());
        users.MapPatch("/{id}", async (string id, RoleRequest request, IAccountService accounts, HttpContext context) => CortexAuth.ParseRole(request.Role) is { } role
            ? ApiResults.Ok(await accounts.SetRoleAsync(id, role, context.User.Identity!.Name!, context.RequestAborted))
            : RoleProblem());
    }

    static IResult RoleProblem() => ApiResults.Invalid(new() { ["role"] = ["One of viewer, editor, reviewer, admin."] });

    /// <summary>Only a path on this server: a sign-in form must not send people elsewhere.</summary>
    static string Local(string? url) => url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    static Task SignInAsync(HttpContext context, UserDocument user) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ApiKeyAuthentication.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
}
