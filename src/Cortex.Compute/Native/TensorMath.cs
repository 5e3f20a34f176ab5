namespace Cortex.Compute.Native;

/// <summary>
/// Tensor arithmetic with numbers, written so every Scalar outlives the native call that reads it.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a number passed to a tensor op (and <c>a + b</c>'s hidden alpha of 1) into a
/// Scalar object that nothing holds once its handle is read. A GC started by another thread during the
/// native call can finalize that Scalar and free the c10::Scalar libtorch is about to read: the op then
/// fails with "Expected false to be true" from <c>c10::Scalar::toFloat</c>, or reads a stale value
/// (<c>cortex bench --only scalar-race</c> measures how often). Here each Scalar is either static (rooted
/// for the process) or disposed after the call; <c>build/BannedSymbols.txt</c> keeps the unsafe forms out
/// of Cortex's code.
/// </remarks>
public static class TensorMath
{
    /// <summary>Rooted for the life of the process, so never finalized.</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + b·alpha</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b, double alpha) => Held(alpha.ToScalar(), s => a.add(b, s));

    /// <summary><c>a + value</c>.</summary>
    public static Tensor Plus(this Tensor a, double value) => Held(value.ToScalar(), s => a.add(s, One));

    /// <summary><c>a - value</c>.</summary>
    public static Tensor Minus(this Tensor a, double value) => Held(value.ToScalar(), s => a.sub(s));

    /// <summary><c>a · factor</c>.</summary>
    public static Tensor Times(this Tensor a, double factor) => Held(factor.ToScalar(), s => a.mul(s));

    /// <summary><c>a / divisor</c>.</summary>
    public static Tensor Over(this Tensor a, double divisor) => Held(divisor.ToScalar(), s => a.div(s));

    /// <summary><c>a ^ exponent</c>, element-wise.</summary>
    public static Tensor Pow(this Tensor a, double exponent) => Held(exponent.ToScalar(), s => a.pow(s));

    public static Tensor Clamp(this Tensor a, double min, double max)
    {
        using var lo = min.ToScalar();
        using var hi = max.ToScalar();
        return a.clamp(lo, hi);
    }

    public static Tensor ClampMin(this Tensor a, double min) => Held(min.ToScalar(), s => a.clamp_min(s));

    /// <summary>Element-wise <c>a == value</c>.</summary>
    public static Tensor Eq(this Tensor a, long value) => Held(value.ToScalar(), s => a.eq(s));

    /// <summary>Element-wise <c>a &lt; value</c>.</summary>
    public static Tensor Below(this Tensor a, double value) => Held(value.ToScalar(), s => a.lt(s));

    public static Tensor MaskedFill(this Tensor a, Tensor mask, double value) => Held(value.ToScalar(), s => a.masked_fill(mask, s));

    public static Tensor IndexFill_(this Tensor a, long dim, Tensor index, double value) => Held(value.ToScalar(), s => a.index_fill_(dim, index, s));

    public static Tensor IndexFill_(this Tensor a, long dim, Tensor index, bool value) => Held(value.ToScalar(), s => a.index_fill_(dim, index, s));

    /// <summary>Adds <paramref name="source"/>'s rows into <paramref name="a"/> at <paramref name="index"/>, in place.</summary>
    public static Tensor IndexAdd_(this Tensor a, long dim, Tensor index, Tensor source) => a.index_add_(dim, index, source, One);

    public static Tensor Fill_(this Tensor a, double value) => Held(value.ToScalar(), s => a.fill_(s));

    /// <summary><c>a ← a + 1</c>, in place.</summary>
    public static Tensor Increment_(this Tensor a) => a.add_(One, One);

    /// <summary><c>a ← a·factor</c>, in place.</summary>
    public static Tensor Scale_(this Tensor a, double factor) => Held(factor.ToScalar(), s => a.mul_(s));

    /// <summary><c>a ← a + b·alpha</c>, in place.</summary>
    public static Tensor Accumulate_(this Tensor a, Tensor b, double alpha) => Held(alpha.ToScalar(), s => a.add_(b, s));

    /// <summary>A vector of <paramref name="count"/> copies of a class id (or any integer), int64.</summary>
    public static Tensor Repeated(long count, long value, Device device) => Held(value.ToScalar(), s => full([count], s, ScalarType.Int64, device));

    /// <summary>Runs <paramref name="op"/> with <paramref name="scalar"/>, which stays reachable until the op returns and is then freed.</summary>
    static Tensor Held(Scalar scalar, Func<Scalar, Tensor> op)
    {
        using (scalar) return op(scalar);
    }

    /// <summary>0, 1, …, count − 1.</summary>
    public static Tensor Arange(long count, ScalarType dtype, Device device)
    {
        using var start = 0.ToScalar();
        using var stop = count.ToScalar();
        return arange(start, stop, One, dtype, device);
    }
}
