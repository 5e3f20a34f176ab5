namespace Cortex.Compute.Importance;

/// <summary>Attribution methods for token importance scores (TIS).</summary>
public enum ImportanceMethod { Gradient, SmoothGrad, GradientTimesInput, IntegratedGradients, Occlusion }

/// <summary>How a D-dimensional attribution becomes one score per grid position.</summary>
public enum Reduction { Max, Mean, AbsMax, L2 }

public static class ImportanceNames
{
    public static readonly IReadOnlyDictionary<string, ImportanceMethod> Methods = new Dictionary<string, ImportanceMethod>
    {
        [TisWireNames.Gradient] = ImportanceMethod.Gradient,
        [TisWireNames.SmoothGrad] = ImportanceMethod.SmoothGrad,
        [TisWireNames.GradientTimesInput] = ImportanceMethod.GradientTimesInput,
        [TisWireNames.IntegratedGradients] = ImportanceMethod.IntegratedGradients,
        [TisWireNames.Occlusion] = ImportanceMethod.Occlusion,
    };

    public static readonly IReadOnlyDictionary<string, Reduction> Reductions = new Dictionary<string, Reduction>
    {
        [TisWireNames.Max] = Reduction.Max, [TisWireNames.Mean] = Reduction.Mean, [TisWireNames.AbsMax] = Reduction.AbsMax, [TisWireNames.L2] = Reduction.L2,
    };

    public static string Name(ImportanceMethod method) => Methods.Single(m => m.Value == method).Key;

    public static string Name(Reduction reduction) => Reductions.Single(r => r.Value == reduction).Key;

    public static ImportanceMethod ParseMethod(string name) => Methods.TryGetValue(name.Trim().ToLowerInvariant(), out var method)
        ? method
        : throw new ArgumentException($"Unknown TIS method '{name}'; known: {string.Join(", ", Methods.Keys)}.", nameof(name));

    public static Reduction ParseReduction(string name) => Reductions.TryGetValue(name.Trim().ToLowerInvariant(), out var reduction)
        ? reduction
        : throw new ArgumentException($"Unknown reduction '{name}'; known: {string.Join(", ", Reductions.Keys)}.", nameof(name));
}
