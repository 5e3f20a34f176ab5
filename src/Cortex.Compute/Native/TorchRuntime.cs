using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// Loads libtorch once and picks the compute device. TorchSharp's own failure is a page-long trace
/// (and a fallback that copies a gigabyte of libraries), so the native bridge is probed first and a
/// failure becomes one sentence that names the missing piece and the fix.
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
            var nativeDirectory = OperatingSystem.IsLinux() ? ProbeNativeBridge() : null;
            try
            {
                InitializeDeviceType(DeviceType.CPU);
                if (nativeDirectory is not null) NativeSwitches.Apply(nativeDirectory);
                _device = cuda.is_available() ? CUDA : CPU;
            }
            catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
            {
                throw new TorchUnavailableException($"libtorch could not be initialized: {FirstLine(e.Message)}", e);
            }
            return _device;
        }
    }

    /// <summary>"cpu" or "cuda" plus the libtorch version and thread count, for the start-up log.</summary>
    public static string Describe(Device device) =>
        $"{(device.type == DeviceType.CUDA ? "cuda" : "cpu")}, libtorch {__version__}, {get_num_threads()} threads";

    /// <summary>
    /// Loads the bridge (and through its $ORIGIN run path, libtorch) the way TorchSharp will, to learn
    /// why it fails. Returns the folder of the native libraries.
    /// </summary>
    static string ProbeNativeBridge()
    {
        var directory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        var library = new[] { Path.Combine(directory, "runtimes", "linux-x64", "native", NativeName), Path.Combine(directory, NativeName) }
            .FirstOrDefault(File.Exists)
            ?? throw new TorchUnavailableException($"TorchSharp's native library {NativeName} is not beside TorchSharp.dll in {directory}; "
                + "restore the libtorch-cpu-linux-x64 2.10.0 package and rebuild (dotnet build).");
        try
        {
            NativeLibrary.Load(library);
            return Path.GetDirectoryName(library)!;
        }
        catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX_3.4.32"))
        {
            throw new TorchUnavailableException($"{library} requires GLIBCXX_3.4.32 (GCC 13's libstdc++), which this system lacks. "
                + "Cortex's build marks that requirement weak; rebuild with 'dotnet build' so the patched copy is used, "
                + "or install a libstdc++ from GCC 13 or newer.", e);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchUnavailableException($"{library} cannot be loaded: {FirstLine(e.Message)}", e);
        }
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
