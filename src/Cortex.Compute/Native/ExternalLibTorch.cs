using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// A libtorch outside Cortex — typically the <c>lib</c> folder of a PyTorch install, which brings
/// CUDA. Its libraries are loaded by path, in dependency order, before TorchSharp's bridge: the
/// bridge then binds to them by name instead of the bundled CPU libtorch.
/// </summary>
public static class ExternalLibTorch
{
    static readonly string[] Core = ["libc10.so", "libtorch_cpu.so"];
    static readonly string[] Cuda = ["libc10_cuda.so", "libtorch_cuda.so"];
    const string Front = "libtorch.so";

    /// <summary>The folder, checked: it exists and holds libtorch's core libraries. Says whether it also holds CUDA's.</summary>
    /// <exception cref="TorchUnavailableException">The folder is missing or is not a libtorch folder.</exception>
    public static (string Directory, bool HasCuda) Check(string folder)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(directory))
            throw new TorchUnavailableException($"The libtorch folder {directory} (Compute:LibTorchDirectory) does not exist. {Hint}");
        var missing = Core.Append(Front).Where(name => !File.Exists(Path.Combine(directory, name))).ToList();
        if (missing.Count > 0)
            throw new TorchUnavailableException($"The libtorch folder {directory} (Compute:LibTorchDirectory) lacks {string.Join(", ", missing)}. {Hint}");
        return (directory, Cuda.All(name => File.Exists(Path.Combine(directory, name))));
    }

    /// <summary>Loads the folder's libtorch (with CUDA's libraries when it has them and <paramref name="withCuda"/>).</summary>
    /// <exception cref="TorchUnavailableException">A library does not load: a dependency is missing or the versions do not fit.</exception>
    public static void Load(string directory, bool withCuda)
    {
        foreach (var name in withCuda ? [.. Core, .. Cuda, Front] : Core.Append(Front))
        {
            var path = Path.Combine(directory, name);
            try
            {
                NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                throw new TorchUnavailableException($"{path} cannot be loaded: {TorchRuntime.LoaderReason(e)}. "
                    + (withCuda ? "CUDA's own libraries (cudart, cublas, cudnn …) must be findable: add the nvidia/*/lib folders of the PyTorch install to LD_LIBRARY_PATH. " : "")
                    + Hint, e);
            }
        }
    }

    /// <summary>The PyTorch version beside a torch/lib folder (torch/version.py), e.g. "2.11.0+cu130"; null where there is none.</summary>
    public static string? Version(string directory)
    {
        var file = Path.Combine(directory, "..", "version.py");
        if (!File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("__version__", StringComparison.Ordinal));
        return line?.Split('=', 2) is [_, var value] ? value.Trim().Trim('\'', '"') : null;
    }

    const string Hint = "Point it at the lib folder of a PyTorch 2.10 or 2.11 install: python -c \"import torch, os; print(os.path.dirname(torch.__file__) + '/lib')\".";
}
