using Cortex.Server.Api;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.Server.Accounts;

/// <summary>
/// Signing in and out (HTML form posts from the dashboard, antiforgery-checked and rate limited), the
/// one-time setup of the first admin, switching workspaces, and the account API: my keys, accounts for
/// administrators (and for a workspace's admins, new accounts in it), audit trails.
/// </summary>
public static class AccountEndpoints
{
    // Form records bind only what their own form sends, and every field may be missing (a form with none of them binds
    // as null): the handler, not the binder, refuses.
    public sealed record SignInForm(string? Name = null, string? Password = null, string? ReturnUrl = null);
    public sealed record SetupForm(string? Name = null, string? Password = null);
    public sealed record UserRequest(string? Name, string? Password, string? Role);
    public sealed record AdministratorRequest(bool? Administrator);
    public sealed record KeyRequest(string? Name);
    public sealed record SwitchForm(string? Workspace = null, string? ReturnUrl = null);
    public sealed record Me(string Id, string Name, bool Administrator, string? Workspace, string? Role);

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/account").WithTags("Account").ExcludeFromDescription();
        forms.MapPost("/signin", async ([FromForm] SignInForm? sent, AccountService accounts, HttpContext context) =>
        {
            var form = sent ?? new();
            var back = ReturnUrl.Local(form.ReturnUrl);
            if (accounts.Verify(form.Name, form.Password) is not { } user)
                return Results.Redirect($"{AccountUrls.SignInPage}?error={Uri.EscapeDataString("The name or the password is wrong.")}&returnUrl={Uri.EscapeDataString(back)}");
            await SignInAsync(context, user);
            return Results.LocalRedirect(back);
        }).RequireRateLimiting(AccountHosting.SignInLimit);
        forms.MapPost("/setup", async ([FromForm] SetupForm? sent, AccountService accounts, HttpContext context) =>
        {
            var form = sent ?? new();
            var created = accounts.CreateFirstAdmin(form.Name, form.Password);
            if (!created.Succeeded) return Results.Redirect($"{AccountUrls.SetupPage}?error={Uri.EscapeDataString(created.Message)}");
            await SignInAsync(context, accounts.Verify(form.Name, form.Password)!);
            return Results.LocalRedirect("/");
        }).RequireRateLimiting(AccountHosting.SignInLimit);
        // The form itself carries nothing but its antiforgery token; binding it is what makes the token checked.
        forms.MapPost("/signout", async ([FromForm] IFormCollection _, HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(AccountUrls.SignInPage);
        });
        // Only a workspace of the person's own is remembered; the page reloads, and its new circuit works there.
        forms.MapPost("/workspace", ([FromForm] SwitchForm? sent, WorkspaceService workspaces, HttpContext context) =>
        {
            var form = sent ?? new();
            if (CortexAuth.UserIdOf(context.User) is { } id && workspaces.Mine(id).Any(w => w.Id == form.Workspace))
                context.Response.Cookies.Append(Workspaces.CookieName, form.Workspace!, new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365),
                });
            return Results.LocalRedirect(ReturnUrl.Local(form.ReturnUrl));
        }).RequireAuthorization();

        var api = app.MapGroup("/api").WithTags("Account").RequireAuthorization(AccountHosting.ApiPolicy);
        api.MapGet("/account", (HttpContext context) => new Me(CortexAuth.UserIdOf(context.User)!, context.User.Identity!.Name!,
            CortexAuth.IsAdministrator(context.User), CortexAuth.WorkspaceOf(context.User), CortexAuth.RoleOf(context.User)?.ToString().ToLowerInvariant()));
        // Anyone with a role manages their own keys, viewers too: reading through the API needs one. The API's rule
        // (changing needs an editor) is not theirs: a key changes nothing its owner's role could not.
        var keys = app.MapGroup("/api/account/keys").WithTags("Account").RequireAuthorization(CortexAuth.Policy(Role.Viewer));
        keys.MapGet("/", (IAccountService accounts, HttpContext context) => accounts.ListKeysAsync(CortexAuth.UserIdOf(context.User)!, context.RequestAborted));
        keys.MapPost("/", async (KeyRequest request, IAccountService accounts, HttpContext context) =>
            ApiResults.Created(await accounts.CreateKeyAsync(CortexAuth.UserIdOf(context.User)!, request.Name, context.RequestAborted), k => $"/api/account/keys/{k.Key.Id}"));
        keys.MapDelete("/{id}", async (string id, IAccountService accounts, HttpContext context) =>
            ApiResults.NoContent(await accounts.RevokeKeyAsync(CortexAuth.UserIdOf(context.User)!, id, context.RequestAborted)));
        api.MapGet("/audit/{targetId}", async (string targetId, IAccountService accounts, AuditAccess access, HttpContext context) =>
            access.Allows(context.User, targetId) ? Results.Ok(await accounts.AuditAsync(targetId, context.RequestAborted)) : ApiResults.NotFound("Audit trail", targetId));

        var users = api.MapGroup("/users");
        users.MapGet("/", (IAccountService accounts, CancellationToken cancel) => accounts.ListUsersAsync(cancel)).RequireAuthorization(CortexAuth.AdministratorPolicy);
        // A workspace's admins create accounts for it: the new account joins the current workspace.
        users.MapPost("/", async (UserRequest request, IAccountService accounts, HttpContext context) => CortexAuth.ParseRole(request.Role) is { } role
            ? ApiResults.Created(await accounts.CreateUserAsync(request.Name, request.Password, CortexAuth.WorkspaceOf(context.User)!, role, ApiResults.User(context), context.RequestAborted),
                u => $"/api/users/{u.Id}")
            : RoleProblem()).RequireAuthorization(CortexAuth.Policy(Role.Admin));
        users.MapPatch("/{id}", async (string id, AdministratorRequest request, IAccountService accounts, HttpContext context) => request.Administrator is { } administrator
            ? ApiResults.Ok(await accounts.SetAdministratorAsync(id, administrator, ApiResults.User(context), context.RequestAborted))
            : ApiResults.Invalid(new() { ["administrator"] = ["true or false."] })).RequireAuthorization(CortexAuth.AdministratorPolicy);
    }

    public static IResult RoleProblem() => ApiResults.Invalid(new() { ["role"] = ["One of viewer, editor, reviewer, admin."] });

    /// <summary>The cookie names the account; its workspace and role are read for each request (<see cref="AccountPrincipal"/>).</summary>
    static Task SignInAsync(HttpContext context, UserDocument user) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountPrincipal.For(user, [], WorkspaceRequest.None, CookieAuthenticationDefaults.AuthenticationScheme));
}
