using Cortex.Web.Services;
using MudBlazor;

namespace Cortex.Web.Components.Shared;

/// <summary>
/// The check a handler makes before it calls a service. The page hides what a role may not do, but a
/// stale page or a crafted event can still reach the handler; this refuses it and says why.
/// </summary>
public static class RoleGuard
{
    /// <summary>True when the signed-in person has <paramref name="role"/>; otherwise a snackbar says what is missing.</summary>
    public static bool Allows(this CurrentUser user, Role role, string purpose, ISnackbar snackbar)
    {
        if (user.Can(role)) return true;
        snackbar.Add(RoleText.Need(role, purpose), Severity.Warning);
        return false;
    }

    /// <summary>True for a server administrator; otherwise a snackbar says that only one may.</summary>
    public static bool AllowsAdministrator(this CurrentUser user, string purpose, ISnackbar snackbar)
    {
        if (user.IsAdministrator) return true;
        snackbar.Add(RoleText.NeedAdministrator(purpose), Severity.Warning);
        return false;
    }
}
