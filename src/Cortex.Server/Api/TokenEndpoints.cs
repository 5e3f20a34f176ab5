using Cortex.Web.Services;

namespace Cortex.Server.Api;

/// <summary>Token labels, as the token page sets them: the model's labels in the caller's workspace, and one token's to set or remove.</summary>
public static class TokenEndpoints
{
    public static void MapTokens(this IEndpointRouteBuilder api)
    {
        var codebook = api.MapGroup("/models/{id}/codebook").WithTags("Tokens");
        codebook.MapGet("/labels", async (string id, ITokenService tokens, CancellationToken cancel) => ApiResults.Ok(await tokens.LabelListAsync(id, cancel)));
        // Writing needs the editor role (the API's rule for every write), as labelling on the token page does.
        codebook.MapPut("/{token:long}/label", async (string id, long token, TokenLabelRequest body, ITokenService tokens, HttpContext context) =>
            string.IsNullOrWhiteSpace(body.Label)
                // The service reads an empty label as removal; over the API that is DELETE's to say, so an empty PUT is a mistake.
                ? ApiResults.Invalid(new() { ["label"] = ["A label needs text; DELETE removes a token's label."] })
                : ApiResults.Ok(await tokens.SetLabelAsync(id, token, body.Label, ApiResults.User(context), context.RequestAborted)));
        codebook.MapDelete("/{token:long}/label", async (string id, long token, ITokenService tokens, HttpContext context) =>
            await tokens.SetLabelAsync(id, token, null, ApiResults.User(context), context.RequestAborted) is { Succeeded: false } refused
                ? ApiResults.Failure(refused)
                : TypedResults.NoContent());
    }
}
