namespace Cortex.Web.Services;

/// <summary>How the dashboard names roles and says that one is missing.</summary>
public static class RoleText
{
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static string Need(Role role, string purpose) => $"You need the {Name(role)} role to {purpose}.";

    public static string NeedAdministrator(string purpose) => $"Only a server administrator may {purpose}.";
}
