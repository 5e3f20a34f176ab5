using System.Text.Json;
using Cortex.Server.Hosting;

namespace Cortex.Server.Api;

/// <summary>
/// Gives the framework's own refusals a message: a body that is not JSON or not of the endpoint's shape,
/// a query value that does not parse, a wrong content type, an address nothing is served at. Without it
/// they are Problem Details with only their status's title.
/// </summary>
public static class ProblemMessages
{
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!string.IsNullOrEmpty(problem.Detail)) return;
        var request = context.HttpContext.Request;
        problem.Detail = (context.Exception, problem.Status) switch
        {
            // The JSON reader's message names the path of the offending value, e.g. "Path: $.parameters.topN".
            (BadHttpRequestException { InnerException: JsonException json }, _) => $"The body is not valid JSON for this request: {json.Message}",
            // The framework's own words here end in advice for the server's developers ("Did you mean to use a Service instead?").
            (BadHttpRequestException bad, _) when bad.Message.Contains("no body was provided", StringComparison.Ordinal) => "The request needs a JSON body, and it has none (or only null).",
            (BadHttpRequestException bad, _) => bad.Message,
            // Refused while the body was read, these set the status without an exception.
            (null, StatusCodes.Status413PayloadTooLarge) => $"The body is larger than {CortexServices.MaxRequestBytes >> 20} MiB, the most a request may carry.",
            (null, StatusCodes.Status415UnsupportedMediaType) => $"Send the body as application/json, not {request.ContentType ?? "without a content type"}.",
            (null, StatusCodes.Status404NotFound) => $"Nothing is served at {request.Method} {request.Path}.",
            (null, StatusCodes.Status405MethodNotAllowed) => $"{request.Path} does not answer {request.Method}.",
            _ => null,
        };
    }
}
