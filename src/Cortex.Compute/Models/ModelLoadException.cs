namespace Cortex.Compute.Models;

/// <summary>
/// A model directory or file cannot be used; the message names the file and the problem. When the
/// problem is a number the files do not hold (a transformer's head count, a VQGAN's resolution),
/// <see cref="MissingOption"/> names the load option that supplies it ("heads", "resolution").
/// </summary>
public sealed class ModelLoadException(string message, Exception? inner = null, string? missingOption = null) : Exception(message, inner)
{
    public string? MissingOption { get; } = missingOption;
}
