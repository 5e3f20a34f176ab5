using System.Security.Claims;

namespace Cortex.Server.Accounts;

/// <summary>
/// What a share link's principal may read: its experiment (the document, results, images, files and zip) and
/// its model's codebook pictures, by GET only. Annotations, audit trails and everything else stay with members.
/// </summary>
public static class ShareGrant
{
    static readonly HashSet<string> ExperimentParts = ["results", "images", "files", "export.zip"];

    public static string? ExperimentOf(ClaimsPrincipal user) => user.FindFirst(ShareLinkAuthentication.ExperimentClaim)?.Value;

    public static bool Allows(ClaimsPrincipal user, HttpContext? context)
    {
        if (context is null || ExperimentOf(user) is not { } experiment) return false;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)) return false;
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", "experiments", var id] => id == experiment,
            ["api", "experiments", var id, var part, ..] => id == experiment && ExperimentParts.Contains(part),
            ["api", "models", var model, "codebook.png"] => IsModel(model),
            ["api", "models", var model, "codebook", _, "contexts.png"] => IsModel(model),
            _ => false,
        };

        bool IsModel(string model) => model == user.FindFirst(ShareLinkAuthentication.ModelClaim)?.Value;
    }
}
