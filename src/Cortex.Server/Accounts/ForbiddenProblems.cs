using Cortex.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Cortex.Server.Accounts;

/// <summary>
/// A program refused for its role gets a Problem Details body that names the role the request needs and the
/// one it has, in the workspace it works in — a bare 403 leaves its author guessing. Pages keep the cookie
/// scheme's access-denied page, share-link visitors their scheme's 404.
/// </summary>
public sealed class ForbiddenProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // A share link's visitor is answered by its own scheme (404: a link shows its experiment and nothing else exists).
        if (!result.Forbidden || ShareGrant.ExperimentOf(context.User) is not null
            || !(context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")))
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Not with your role", Detail = Explain(context) },
        });
    }

    /// <summary>The strictest of the endpoint's policies that the caller fails, in words.</summary>
    static string Explain(HttpContext context)
    {
        var user = context.User;
        var request = $"{context.Request.Method} {context.Request.Path}";
        var workspace = user.FindFirst(CortexAuth.WorkspaceNameClaim)?.Value ?? CortexAuth.WorkspaceOf(user);
        var who = CortexAuth.RoleOf(user) is { } held ? $"you are {(held is Role.Admin or Role.Editor ? "an" : "a")} {RoleText.Name(held)} in workspace '{workspace}'"
            : workspace is null ? "you belong to no workspace" : $"you have no role in workspace '{workspace}'";
        var policies = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToHashSet() ?? [];
        if (policies.Contains(CortexAuth.AdministratorPolicy) && !CortexAuth.IsAdministrator(user))
            return $"{request} needs a server administrator; {who}.";
        var reading = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        var needed = Enum.GetValues<Role>().Where(role => policies.Contains(CortexAuth.Policy(role)))
            .Concat(policies.Contains(AccountHosting.ApiPolicy) ? [reading ? Role.Viewer : Role.Editor] : [])
            .Where(role => !CortexAuth.Can(user, role)).DefaultIfEmpty(Role.Viewer).Max();
        return $"{request} needs the {RoleText.Name(needed)} role; {who}.";
    }
}
