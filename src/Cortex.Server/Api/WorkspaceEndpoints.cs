using Cortex.Server.Accounts;
using Cortex.Web.Services;

namespace Cortex.Server.Api;

/// <summary>
/// <c>/api/workspaces</c>: the caller's workspaces (every one for an administrator), new ones (administrators);
/// <c>/api/members</c>: the current workspace's members, whom its admins add, change and remove. The current
/// workspace is the one the request names (header <c>X-Cortex-Workspace</c>), else the caller's first.
/// </summary>
public static class WorkspaceEndpoints
{
    public sealed record WorkspaceRequest(string? Name);
    public sealed record MemberRequest(string? Role);

    public static void MapWorkspaces(this IEndpointRouteBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapGet("/", (IWorkspaceService service, HttpContext context) => service.MineAsync(CortexAuth.UserIdOf(context.User)!, context.RequestAborted));
        workspaces.MapPost("/", async (WorkspaceRequest request, IWorkspaceService service, HttpContext context) =>
            ApiResults.Created(await service.CreateAsync(request.Name, ApiResults.User(context), context.RequestAborted), w => $"/api/workspaces/{w.Id}"))
            .RequireAuthorization(CortexAuth.AdministratorPolicy);

        var members = api.MapGroup("/members").WithTags("Workspaces");
        members.MapGet("/", async (IWorkspaceService service, HttpContext context) => ApiResults.Ok(await service.MembersAsync(Current(context), context.RequestAborted)));
        // The account's id is its lower-cased name; either finds it.
        members.MapPut("/{id}", async (string id, MemberRequest request, IWorkspaceService service, HttpContext context) => CortexAuth.ParseRole(request.Role) is { } role
            ? ApiResults.Ok(await service.SetMemberAsync(Current(context), id, role, ApiResults.User(context), context.RequestAborted))
            : AccountEndpoints.RoleProblem()).RequireAuthorization(CortexAuth.Policy(Role.Admin));
        members.MapDelete("/{id}", async (string id, IWorkspaceService service, HttpContext context) =>
            ApiResults.NoContent(await service.RemoveMemberAsync(Current(context), id, ApiResults.User(context), context.RequestAborted)))
            .RequireAuthorization(CortexAuth.Policy(Role.Admin));
    }

    /// <summary>Every caller that passed the API's policy has a role, so a workspace.</summary>
    static string Current(HttpContext context) =>
        CortexAuth.WorkspaceOf(context.User) ?? throw new InvalidOperationException("A member endpoint ran for someone in no workspace.");
}
