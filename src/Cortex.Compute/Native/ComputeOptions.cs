using System.Globalization;

namespace Cortex.Compute.Native;

/// <summary>
/// The <c>Compute</c> configuration: which device runs Cortex's tensors, and optionally a libtorch to
/// load instead of the bundled CPU one (the <c>lib</c> folder of a PyTorch install brings CUDA).
/// </summary>
public sealed record ComputeOptions
{
    public const string Section = "Compute";

    /// <summary><c>auto</c> (CUDA when a GPU answers, else CPU), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>A folder holding libtorch's libraries (libc10.so, libtorch_cpu.so, libtorch.so, and for CUDA libc10_cuda.so, libtorch_cuda.so).</summary>
    public string? LibTorchDirectory { get; init; }

    /// <summary>Let CUDA convolutions and matrix products use TF32 (faster on Ampere and newer GPUs, about 1e-3 from float32 results). Off: results match CPU.</summary>
    public bool AllowTf32 { get; init; }

    /// <summary>The device asked for, checked.</summary>
    /// <exception cref="ArgumentException">Not one of the accepted forms.</exception>
    public DeviceRequest Requested() => DeviceRequest.Parse(Device);
}

public enum DeviceKind { Auto, Cpu, Cuda }

/// <summary>A parsed <see cref="ComputeOptions.Device"/>: a kind, and for CUDA the GPU's index.</summary>
public sealed record DeviceRequest(DeviceKind Kind, int Index = 0)
{
    public static DeviceRequest Parse(string? text)
    {
        var value = (text ?? "").Trim().ToLowerInvariant();
        if (value is "" or "auto") return new(DeviceKind.Auto);
        if (value == "cpu") return new(DeviceKind.Cpu);
        if (value == "cuda") return new(DeviceKind.Cuda);
        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < 1_000)
            return new(DeviceKind.Cuda, index);
        throw new ArgumentException($"The compute device must be auto, cpu, cuda or cuda:N (N the GPU's index), not '{text}'.");
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Cuda => $"cuda:{Index}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
