using System.CommandLine;
using Cortex.Compute.Native;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>--device</c> and <c>--libtorch</c>, for every verb that computes. Their defaults are the
/// <c>Compute__Device</c> and <c>Compute__LibTorchDirectory</c> environment variables, the names the
/// server reads its <c>Compute</c> section from, so one setting serves the server and the verbs.
/// </summary>
public sealed class ComputeArguments
{
    public const string DeviceVariable = "Compute__Device";
    public const string LibTorchVariable = "Compute__LibTorchDirectory";

    readonly Option<string> _device = new("--device")
    {
        Description = $"auto (CUDA when a GPU answers, else CPU), cpu, cuda or cuda:N (default: ${DeviceVariable}, else auto).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DeviceVariable) ?? "auto",
    };

    readonly Option<string> _libtorch = new("--libtorch")
    {
        Description = $"Load libtorch from this folder instead of the bundled CPU one, e.g. a PyTorch install's torch/lib for CUDA (default: ${LibTorchVariable}).",
    };

    readonly Option<bool> _tf32 = new("--tf32")
    {
        Description = "Let CUDA use TF32 tensor cores: faster, about 1e-3 from float32 results (default: off, results match CPU).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_device);
        command.Options.Add(_libtorch);
        command.Options.Add(_tf32);
    }

    public ComputeOptions Read(ParseResult result) => new()
    {
        Device = result.GetValue(_device)!,
        LibTorchDirectory = result.GetValue(_libtorch) ?? Environment.GetEnvironmentVariable(LibTorchVariable),
        AllowTf32 = result.GetValue(_tf32),
    };

    /// <summary>Loads libtorch as asked and returns the device.</summary>
    public TorchSharp.torch.Device Initialize(ParseResult result) => TorchRuntime.Initialize(Read(result));
}
