using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// Reproduces the TorchSharp 0.107 race <see cref="TensorMath"/> exists for: one thread adds two tensors
/// in a loop while another allocates without pause (so GCs run during the native calls), once with
/// TorchSharp's <c>a + b</c> (a temporary alpha Scalar) and once with <see cref="TensorMath.Plus(Tensor, Tensor)"/>
/// (a rooted one). Counts the adds that libtorch failed.
/// </summary>
public static class ScalarRace
{
    public static ScalarRaceBench Run(TimeSpan perForm, CancellationToken cancellationToken = default)
    {
#pragma warning disable RS0030 // the unsafe form is what this measures
        var (operatorAdds, operatorFailures) = Count((a, b) => a + b, perForm, cancellationToken);
#pragma warning restore RS0030
        var (heldAdds, heldFailures) = Count(TensorMath.Plus, perForm, cancellationToken);
        return new ScalarRaceBench(perForm.TotalSeconds, operatorAdds, operatorFailures, heldAdds, heldFailures);
    }

    /// <summary>Adds [32, 64, 96] tensors with <paramref name="add"/> for <paramref name="duration"/> under allocation pressure.</summary>
    public static (long Adds, long Failures) Count(Func<Tensor, Tensor, Tensor> add, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        using var a = randn(32, 64, 96);
        using var b = randn(32, 64, 96);
        using var stop = new CancellationTokenSource();
        var pressure = Task.Run(() => Allocate(stop.Token), CancellationToken.None);
        long adds = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    using var sum = add(a, b);
                }
                catch (ExternalException)
                {
                    failures++;
                }
                adds++;
            }
        }
        finally
        {
            stop.Cancel();
            pressure.Wait(CancellationToken.None);
        }
        return (adds, failures);
    }

    static void Allocate(CancellationToken stop)
    {
        object? last = null;
        while (!stop.IsCancellationRequested) last = new byte[256];
        GC.KeepAlive(last);
    }
}

/// <summary>How many of each form's adds libtorch failed while another thread kept the GC busy.</summary>
public sealed record ScalarRaceBench(double SecondsPerForm, long OperatorAdds, long OperatorFailures, long HeldAdds, long HeldFailures)
{
    public string Summary() =>
        $"scalar race: TorchSharp's a + b failed {OperatorFailures} of {OperatorAdds} adds, TensorMath.Plus {HeldFailures} of {HeldAdds} ({SecondsPerForm} s each, one thread allocating)";
}
