namespace Cortex.Web.Services;

/// <summary>The audit-trail target of one codebook token in one workspace: its label changes and the notes written on its page.</summary>
public static class TokenAudit
{
    public static string Target(string workspaceId, string modelId, long token) => $"{workspaceId}/{modelId}/codebook/{token}";
}
