namespace Cortex.Compute.Models;

/// <summary>A model directory or file cannot be used; the message names the file and the problem.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
