using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>The body of POST /api/experiments: what to run. Unset parameters take their defaults.</summary>
public sealed record ExperimentRequest
{
    public string? Name { get; init; }
    public string? ModelId { get; init; }
    public List<string>? ConceptIds { get; init; }
    public string? Method { get; init; }
    public ExperimentParameters? Parameters { get; init; }
}

/// <summary>The body of POST/PUT /api/concepts.</summary>
public sealed record ConceptRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? ModelId { get; init; }
    public string? Source { get; init; }
    public string? ClassName { get; init; }
    public string? Background { get; init; }
}
