namespace Cortex.Compute.Native;

/// <summary>TorchSharp's native library cannot be loaded; the message says what is missing and how to fix it.</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
