namespace Cortex.Web.Contracts;

/// <summary>
/// Which compute devices may run an experiment (<see cref="ExperimentParameters.Device"/>): any worker, only CPU workers, or
/// only GPU workers (a GPU-only experiment waits in the queue until a GPU worker has a free slot).
/// </summary>
public static class ExperimentDevices
{
    public const string Any = "any";
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";

    public static readonly IReadOnlyList<string> All = [Any, Cpu, Gpu];

    /// <summary>Whether a worker on <paramref name="device"/> (libtorch's name: <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>) may run an experiment that asks for <paramref name="wanted"/>.</summary>
    public static bool CanRun(string wanted, string device) => wanted switch
    {
        Cpu => device == "cpu",
        Gpu => device.StartsWith("cuda", StringComparison.Ordinal),
        _ => true,
    };
}
