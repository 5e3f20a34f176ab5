using Microsoft.AspNetCore.Authorization;

namespace Cortex.Web.Services;

/// <summary>
/// <c>[Authorize(Policy = …)]</c> for a page that needs more than a viewer: the server's endpoint
/// authorization and the router both read the policy, and the router's refusal names the role and
/// what it is for ("You need the editor role to start experiments.").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresRoleAttribute : AuthorizeAttribute
{
    public RequiresRoleAttribute(Role role, string purpose)
    {
        Role = role;
        Purpose = purpose;
        Policy = CortexAuth.Policy(role);
    }

    public Role Role { get; }

    /// <summary>What the role lets a person do on the page, as the end of "You need the … role to …".</summary>
    public string Purpose { get; }
}
