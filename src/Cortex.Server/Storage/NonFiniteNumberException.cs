namespace Cortex.Server.Storage;

/// <summary>A document held NaN or an infinity, which the data file refuses: no JSON answer could carry it.</summary>
public sealed class NonFiniteNumberException(double value)
    : InvalidOperationException($"Not stored: the document holds {Describe(value)}, a number no JSON answer can carry.")
{
    /// <summary>The value in words; how .NET prints an infinity depends on the culture ("∞" or "Infinity").</summary>
    public static string Describe(double value) => double.IsNaN(value) ? "NaN (not a number)" : value > 0 ? "infinity" : "minus infinity";
}
