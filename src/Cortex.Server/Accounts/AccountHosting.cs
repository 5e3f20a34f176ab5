using System.Threading.RateLimiting;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Cortex.Server.Accounts;

/// <summary>
/// Who is who: cookie sign-in for the dashboard, API keys for programs, one policy per role, the API's
/// rule (reading needs viewer, changing needs editor), and a rate limit on sign-in.
/// </summary>
public static class AccountHosting
{
    /// <summary>GET and HEAD need a viewer, every other method an editor; endpoints that need more add their own policy.</summary>
    public const string ApiPolicy = "api";
    /// <summary>The experiment hub: a viewer, or a share link's visitor (who may join only that link's experiment).</summary>
    public const string HubPolicy = "hub";
    public const string SignInLimit = "sign-in";
    const string Selector = "cortex";

    public static WebApplicationBuilder AddCortexAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<FormPostRefusals>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditAccess>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<WorkspaceService>();
        builder.Services.AddSingleton<IWorkspaceService>(services => services.GetRequiredService<WorkspaceService>());
        builder.Services.AddScoped<WorkspaceScope>();
        builder.Services.AddScoped<IShareAdmission>(services => services.GetRequiredService<WorkspaceScope>());
        builder.Services.AddSingleton<IAccountService>(services => services.GetRequiredService<AccountService>());
        builder.Services.AddSingleton<IShareLinkService, ShareLinkService>();
        builder.Services.AddAuthentication(Selector)
            // A request that presents a key is judged by the key alone, one that presents a share link by the link; everything else by the cookie.
            .AddPolicyScheme(Selector, "API key, share link or cookie", policy => policy.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.Presented(context.Request) is not null ? ApiKeyAuthentication.SchemeName
                : ShareLinkAuthentication.Presented(context.Request) is not null ? ShareLinkAuthentication.SchemeName
                : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ShareLinkAuthentication>(ShareLinkAuthentication.SchemeName, null)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "cortex.auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = AccountUrls.SignInPage;
                cookie.AccessDeniedPath = AccountUrls.AccessDeniedPage;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = Revalidate;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.RequireAssertion(context =>
                CortexAuth.Can(context.User, context.Resource is HttpContext { Request.Method: "GET" or "HEAD" } ? Role.Viewer : Role.Editor)
                || ShareGrant.Allows(context.User, context.Resource as HttpContext)))
            .AddPolicy(HubPolicy, policy => policy.RequireAssertion(context =>
                CortexAuth.Can(context.User, Role.Viewer) || ShareGrant.ExperimentOf(context.User) is not null))
            .AddPolicy(CortexAuth.AdministratorPolicy, policy => policy.RequireAssertion(context => CortexAuth.IsAdministrator(context.User)))
            .AddRolePolicies();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblems>();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, CircuitAccountRefresh>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (FormPostRefusals.IsFormPost(context.HttpContext.Request)) FormPostRefusals.Refuse(context.HttpContext, FormRefusal.TooManyAttempts);
                return ValueTask.CompletedTask;
            };
            // Per address: guessing passwords costs a minute per few tries.
            limiter.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.CortexOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                }));
        });
        return builder;
    }

    static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in Enum.GetValues<Role>())
            builder.AddPolicy(CortexAuth.Policy(role), policy => policy.RequireAssertion(context => CortexAuth.Can(context.User, role)));
        return builder;
    }

    /// <summary>Programs get a status code, people the sign-in page (or, for a form they posted, the page that says why).</summary>
    static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (FormPostRefusals.IsFormPost(context.Request)) FormPostRefusals.Refuse(context.HttpContext, FormRefusal.SignedOut);
        else if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/account")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A cookie names only the account; the account, its workspaces and the one this request works in are read
    /// again for every request, so a changed role or membership, or a removed account, counts at once.
    /// </summary>
    static Task Revalidate(CookieValidatePrincipalContext context)
    {
        var id = CortexAuth.UserIdOf(context.Principal);
        var services = context.HttpContext.RequestServices;
        if (id is null || services.GetRequiredService<Storage.CortexDatabase>().Users.FindById(id) is not { } user)
        {
            context.RejectPrincipal();
            return Task.CompletedTask;
        }
        context.ReplacePrincipal(AccountPrincipal.For(user, services.GetRequiredService<WorkspaceService>().Mine(user),
            AccountPrincipal.Requested(context.Request), CookieAuthenticationDefaults.AuthenticationScheme));
        return Task.CompletedTask;
    }

    /// <summary>Hands each request's principal to its <see cref="WorkspaceScope"/>; a dashboard circuit's scope reads its own.</summary>
    public static IApplicationBuilder UseWorkspaceScope(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.RequestServices.GetRequiredService<WorkspaceScope>().Use(context.User);
        return next(context);
    });
}
