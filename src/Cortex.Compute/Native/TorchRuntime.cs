using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// Loads libtorch once and picks the compute device. TorchSharp's own failure is a page-long trace;
/// this turns it into one sentence that names the missing piece and the fix.
/// </summary>
public static class TorchRuntime
{
    const string NativeName = "libLibTorchSharp.so";
    static readonly Lock Gate = new();
    static Device? _device;

    /// <summary>CUDA when TorchSharp reports it, else CPU. Loads libtorch on first call.</summary>
    /// <exception cref="TorchUnavailableException">libtorch or TorchSharp's native bridge cannot be loaded.</exception>
    public static Device Initialize()
    {
        lock (Gate)
        {
            if (_device is not null) return _device;
            try
            {
                InitializeDeviceType(DeviceType.CPU);
                _device = cuda.is_available() ? CUDA : CPU;
            }
            catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
            {
                throw new TorchUnavailableException(Diagnose(), e);
            }
            return _device;
        }
    }

    /// <summary>"cpu" or "cuda (device name)" plus the libtorch version, for the start-up log.</summary>
    public static string Describe(Device device) =>
        $"{(device.type == DeviceType.CUDA ? "cuda" : "cpu")}, libtorch {__version__}, {get_num_threads()} threads";

    static string Diagnose()
    {
        var directory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        var candidates = new[] { Path.Combine(directory, "runtimes", "linux-x64", "native", NativeName), Path.Combine(directory, NativeName) };
        var library = candidates.FirstOrDefault(File.Exists);
        if (library is null)
            return $"TorchSharp's native library {NativeName} is not next to TorchSharp.dll ({directory}); "
                + "restore the libtorch-cpu-linux-x64 2.10.0 package and rebuild (dotnet build).";
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(library));
            return $"libtorch could not be initialized although {library} loads; check that the libtorch-cpu-linux-x64 2.10.0 files beside it are complete.";
        }
        catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX_3.4.32"))
        {
            return $"{library} requires GLIBCXX_3.4.32 (GCC 13's libstdc++), which this system lacks. "
                + "Cortex's build marks that requirement weak; rebuild with 'dotnet build' so the patched copy is used, "
                + "or install a libstdc++ from GCC 13 or newer.";
        }
        catch (DllNotFoundException e)
        {
            return $"{library} cannot be loaded: {e.Message.Split('\n')[0].Trim()}";
        }
    }
}
