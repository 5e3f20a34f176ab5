using Microsoft.AspNetCore.Authorization;

namespace Cortex.Web.Services;

/// <summary>
/// <c>[Authorize(Policy = "administrator")]</c> for a page of the whole server (accounts, workspaces): only a
/// server administrator passes, and the router's refusal says so and what it is for.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresAdministratorAttribute : AuthorizeAttribute
{
    public RequiresAdministratorAttribute(string purpose)
    {
        Purpose = purpose;
        Policy = CortexAuth.AdministratorPolicy;
    }

    /// <summary>What the page is for, as the end of "Only a server administrator may …".</summary>
    public string Purpose { get; }
}
