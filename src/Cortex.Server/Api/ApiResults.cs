using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.Server.Api;

/// <summary>Problem Details (RFC 9457) answers shared by the endpoint groups.</summary>
public static class ApiResults
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} with id '{id}'.");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields");

    /// <summary>A refused service call as Problem Details: 400 with per-field errors, 403, 404 or 409.</summary>
    public static IResult Failure<T>(ServiceResult<T> result) => result.Failure switch
    {
        FailureKind.Invalid => Invalid(result.Errors.ToDictionary()),
        FailureKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
        FailureKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the current state", detail: result.Message),
        FailureKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not yours to change", detail: result.Message),
        _ => throw new ArgumentException("The call succeeded; there is no failure to answer with.", nameof(result)),
    };

    /// <summary>200 with the value, or the failure.</summary>
    public static IResult Ok<T>(ServiceResult<T> result) => result.Succeeded ? TypedResults.Ok(result.Value) : Failure(result);

    /// <summary>201 with the value at its address, or the failure.</summary>
    public static IResult Created<T>(ServiceResult<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Created(location(result.Value!), result.Value) : Failure(result);

    /// <summary>204, or the failure.</summary>
    public static IResult NoContent(ServiceResult<bool> result) => result.Succeeded ? TypedResults.NoContent() : Failure(result);

    /// <summary>Who is acting: the signed-in account (every API endpoint requires one).</summary>
    public static string User(HttpContext context) =>
        context.User.Identity?.Name ?? throw new InvalidOperationException("An API endpoint ran without a signed-in account.");

    /// <summary>A PNG the dashboard links to.</summary>
    public static IResult Png(HttpContext context, byte[] png)
    {
        // Short-lived: a re-queued experiment, an edited concept or a deleted upload puts new images at the same address.
        context.Response.Headers.CacheControl = "private, max-age=60";
        return TypedResults.File(png, "image/png");
    }
}
