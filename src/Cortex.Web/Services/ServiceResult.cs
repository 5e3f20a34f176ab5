namespace Cortex.Web.Services;

public enum FailureKind { Invalid, NotFound, Conflict, Forbidden }

/// <summary>
/// The answer of a service call that can be refused: a value, or why not — per-field messages for
/// invalid input, or one message for a missing or conflicting thing. The REST API maps the failure to
/// Problem Details; the dashboard shows the messages next to their fields or in a snackbar.
/// </summary>
public sealed record ServiceResult<T>
{
    public T? Value { get; private init; }
    public FailureKind? Failure { get; private init; }
    public string Message { get; private init; } = "";
    public IReadOnlyDictionary<string, string[]> Errors { get; private init; } = new Dictionary<string, string[]>();

    public bool Succeeded => Failure is null;

    public static ServiceResult<T> Ok(T value) => new() { Value = value };

    public static ServiceResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new()
    {
        Failure = FailureKind.Invalid, Errors = errors, Message = string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
    };

    public static ServiceResult<T> NotFound(string what, string id) => new() { Failure = FailureKind.NotFound, Message = $"There is no {what} with id '{id}'." };

    public static ServiceResult<T> Conflict(string message) => new() { Failure = FailureKind.Conflict, Message = message };

    /// <summary>The caller may not do this to this thing (e.g. edit someone else's annotation); the message says who may.</summary>
    public static ServiceResult<T> Forbidden(string message) => new() { Failure = FailureKind.Forbidden, Message = message };

    /// <summary>The first message for a field (its JSON path, e.g. <c>parameters.steps</c>), or null.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? messages[0] : null;
}
