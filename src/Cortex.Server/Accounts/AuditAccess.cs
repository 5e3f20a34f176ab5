using System.Security.Claims;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>
/// Whose audit trail the API shows to whom: a workspace's experiments, concepts, findings and the workspace
/// itself to its members; an account's to itself and to administrators; a model's to everyone signed in.
/// Someone else's answers as if there were no trail.
/// </summary>
public sealed class AuditAccess(CortexDatabase database)
{
    public bool Allows(ClaimsPrincipal user, string targetId)
    {
        var workspace = CortexAuth.WorkspaceOf(user);
        if (CortexDatabase.WorkspaceKinds.Select(kind => database.WorkspaceOf(kind, targetId)).FirstOrDefault(w => w is not null) is { } holder) return workspace == holder;
        if (database.Workspaces.FindById(targetId) is not null) return workspace == targetId || CortexAuth.IsAdministrator(user);
        if (database.Users.FindById(targetId) is not null) return CortexAuth.UserIdOf(user) == targetId || CortexAuth.IsAdministrator(user);
        return true;
    }
}
