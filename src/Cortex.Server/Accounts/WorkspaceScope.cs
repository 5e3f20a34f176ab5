using System.Security.Claims;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Components.Authorization;

namespace Cortex.Server.Accounts;

/// <summary>
/// What one request or dashboard circuit may see: the documents of its workspace, or — for a share link,
/// by its token on the API or admitted by the share page — that one experiment alone. The workspace's
/// services ask it about every document they hand out or change, so a page and the API cannot disagree.
/// </summary>
public sealed class WorkspaceScope(AuthenticationStateProvider authentication, IShareLinkService links) : IShareAdmission
{
    ClaimsPrincipal? _principal;
    readonly HashSet<string> _admitted = [];

    /// <summary>An HTTP request's principal (its middleware calls this right after authentication).</summary>
    public void Use(ClaimsPrincipal principal) => _principal = principal;

    /// <summary>The workspace new documents go to and lists come from; null for a share link or someone in no workspace.</summary>
    public string? Workspace => SharedExperiment is null ? CortexAuth.WorkspaceOf(Principal) : null;

    /// <summary>The workspace new documents go to: asking for it without one is a missing role check, not a user's mistake.</summary>
    public string Current => Workspace ?? throw new InvalidOperationException("Only a member of a workspace creates documents in one.");

    /// <summary>Whether a document of <paramref name="workspaceId"/> other than an experiment may be read or changed here.</summary>
    public bool Sees(string workspaceId) => Workspace == workspaceId;

    public bool Sees(StoredExperiment experiment) =>
        _admitted.Count > 0 ? _admitted.Contains(experiment.Id) : SharedExperiment is { } shared ? shared == experiment.Id : Sees(experiment.WorkspaceId);

    /// <summary>
    /// Resolving a link checks that its experiment exists, so the link's experiment id is all the page needs. A public
    /// comparison admits each of its runs' links; the circuit then reads those experiments and no other.
    /// </summary>
    public ShareLinkSummary? Admit(string? token)
    {
        var link = links.Resolve(token);
        if (link is not null) _admitted.Add(link.ExperimentId);
        return link;
    }

    /// <summary>Whether a principal (a hub connection's, say) may read an experiment: a member of its workspace, or its share link.</summary>
    public static bool Reads(ClaimsPrincipal principal, StoredExperiment experiment) =>
        ShareGrant.ExperimentOf(principal) is { } shared ? shared == experiment.Id : CortexAuth.WorkspaceOf(principal) == experiment.WorkspaceId;

    string? SharedExperiment => _admitted.FirstOrDefault() ?? ShareGrant.ExperimentOf(Principal);

    ClaimsPrincipal Principal => _principal ?? FromCircuit();

    /// <summary>
    /// A circuit's user, read at each call: it is known when the circuit starts (Blazor Server hands it over
    /// complete) and replaced when <see cref="CircuitAccountRefresh"/> finds a changed role or membership.
    /// Anything else — there is nothing else, but it would be a bug — sees nothing rather than blocking a thread.
    /// </summary>
    ClaimsPrincipal FromCircuit()
    {
        var state = authentication.GetAuthenticationStateAsync();
        return state.IsCompletedSuccessfully ? state.Result.User : new ClaimsPrincipal(new ClaimsIdentity());
    }
}
