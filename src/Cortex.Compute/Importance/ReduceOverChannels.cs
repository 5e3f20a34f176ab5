namespace Cortex.Compute.Importance;

/// <summary>Attribution [B, D, H, W] → one score per position [B, H, W].</summary>
public static class ReduceOverChannels
{
    public static Tensor Apply(Tensor attribution, Reduction reduction) => reduction switch
    {
        Reduction.Max => attribution.amax([1]),
        Reduction.Mean => attribution.mean([1]),
        Reduction.AbsMax => attribution.abs().amax([1]),
        Reduction.L2 => attribution.Pow(2).sum(1).sqrt(),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, null),
    };
}
