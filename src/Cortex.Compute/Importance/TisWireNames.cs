namespace Cortex.Compute.Importance;

/// <summary>
/// The TIS method and reduction names a request spells, named once: compiled into Cortex.Compute (which parses
/// them) and linked into Cortex.Web (whose form offers them), since neither project may reference the other.
/// </summary>
internal static class TisWireNames
{
    public const string Gradient = "gradient", SmoothGrad = "smoothgrad", GradientTimesInput = "gradient-x-input",
        IntegratedGradients = "integrated-gradients", Occlusion = "occlusion";
    public const string Max = "max", Mean = "mean", AbsMax = "abs-max", L2 = "l2";

    public static readonly IReadOnlyList<string> Methods = [Gradient, SmoothGrad, GradientTimesInput, IntegratedGradients, Occlusion];
    public static readonly IReadOnlyList<string> Reductions = [Max, Mean, AbsMax, L2];
}
