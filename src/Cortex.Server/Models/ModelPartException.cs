namespace Cortex.Server.Models;

/// <summary>A model could not be loaded because of one part of its registration, named as the request field (path, evaluators[1].path, topK).</summary>
public sealed class ModelPartException(string field, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Field { get; } = field;
}
