using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>Problem Details (RFC 9457) answers shared by the endpoint groups.</summary>
public static class ApiResults
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} with id '{id}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the current state", detail: detail);

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields");

    /// <summary>Who is acting. Until accounts exist, a client may name itself in the X-Cortex-User header.</summary>
    public static string User(HttpContext context)
    {
        var name = context.Request.Headers["X-Cortex-User"].ToString().Trim();
        return string.IsNullOrEmpty(name) || name.Length > 100 ? "anonymous" : name;
    }
}
