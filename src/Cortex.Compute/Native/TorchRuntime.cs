using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// Loads libtorch once per process — the bundled CPU one, or the one <see cref="ComputeOptions.LibTorchDirectory"/>
/// names — and picks the compute device. TorchSharp's own failure is a page-long trace (and a fallback
/// that copies a gigabyte of libraries), so every failure becomes one sentence that names the missing
/// piece and the fix.
/// </summary>
public static class TorchRuntime
{
    const string NativeName = "libLibTorchSharp.so";
    static readonly Lock Gate = new();
    static Device? _device;
    static ComputeOptions? _options;
    static string _source = "bundled";
    static string? _fallback;
    static string? _math;
    static string _version = "";

    /// <summary>The device <paramref name="options"/> ask for (default: <c>auto</c> on the bundled libtorch). Loads libtorch on the first call; later calls must ask for the same.</summary>
    /// <exception cref="TorchUnavailableException">libtorch, its CUDA part or the GPU asked for cannot be used.</exception>
    /// <exception cref="ArgumentException">The device is not one of the accepted forms.</exception>
    public static Device Initialize(ComputeOptions? options = null)
    {
        options ??= new ComputeOptions();
        lock (Gate)
        {
            if (_device is not null)
            {
                if (!Same(options, _options!))
                    throw new TorchUnavailableException($"libtorch is already set up for {Describe(_device)}; one process uses one compute device and libtorch.");
                return _device;
            }
            var request = options.Requested();
            var external = string.IsNullOrWhiteSpace(options.LibTorchDirectory) ? ((string Directory, bool HasCuda)?)null : ExternalLibTorch.Check(options.LibTorchDirectory);
            if (request.Kind == DeviceKind.Cuda && external is not { HasCuda: true })
                throw new TorchUnavailableException($"The compute device {request} was asked for, but "
                    + (external is { } e ? $"the libtorch in {e.Directory} has no CUDA libraries (libc10_cuda.so, libtorch_cuda.so)." : "the libtorch bundled with Cortex runs on CPU only.")
                    + " Set Compute:LibTorchDirectory (--libtorch) to the lib folder of a PyTorch install built with CUDA, or use --device auto to fall back to CPU.");
            var withCuda = request.Kind != DeviceKind.Cpu && external is { HasCuda: true };
            if (external is { } folder) ExternalLibTorch.Load(folder.Directory, withCuda);
            var nativeDirectory = OperatingSystem.IsLinux() ? ProbeNativeBridge(external?.Directory) : null;
            Device device;
            try
            {
                device = withCuda ? StartCuda(request) : StartCpu(request, external is null ? "the bundled libtorch runs on CPU only" : "the libtorch folder has no CUDA libraries");
                if (nativeDirectory is not null) NativeSwitches.Apply(external?.Directory ?? nativeDirectory);
                if (device.type == DeviceType.CUDA && !NativeSwitches.AllowTf32(options.AllowTf32) && !options.AllowTf32)
                    throw new TorchUnavailableException($"The libtorch in {external!.Value.Directory} has no switch for TF32, so CUDA results would differ from CPU by about 1e-3; "
                        + "allow TF32 (--tf32, Compute:AllowTf32) to use it anyway.");
                _math = device.type == DeviceType.CUDA ? (options.AllowTf32 ? "TF32 allowed" : "float32, TF32 off") : null;
            }
            catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
            {
                throw new TorchUnavailableException($"libtorch could not be initialized: {FirstLine(e.Message)}", e);
            }
            _options = options;
            _source = external?.Directory ?? "bundled";
            _version = external is { } loaded ? ExternalLibTorch.Version(loaded.Directory) ?? __version__ : __version__;
            return _device = device;
        }
    }

    /// <summary>The device, the libtorch in use (version and where it came from), threads, and why <c>auto</c> fell back to CPU, for logs and reports.</summary>
    public static string Describe(Device device) =>
        $"{Name(device)}{(_math is null ? "" : $" ({_math})")}, libtorch {Version} ({_source}), {get_num_threads()} threads" + (_fallback is null ? "" : $"; CPU because {_fallback}");

    /// <summary>The version of the libtorch in use: TorchSharp's for the bundled one, the install's own (torch/version.py) for an external one.</summary>
    public static string Version => _version.Length > 0 ? _version : __version__;

    /// <summary>"cpu" or "cuda:N".</summary>
    public static string Name(Device device) => device.type == DeviceType.CUDA ? $"cuda:{Math.Max(device.index, 0)}" : "cpu";

    /// <summary>Where the libtorch in use came from: "bundled" or the folder it was loaded from.</summary>
    public static string Source => _source;

    static Device StartCuda(DeviceRequest request)
    {
        try
        {
            InitializeDeviceType(DeviceType.CUDA);
        }
        // TorchSharp says so when the CUDA libraries load but no GPU answers.
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException && request.Kind == DeviceKind.Auto)
        {
            return StartCpu(request, $"CUDA did not start ({FirstLine(e.Message)})");
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            throw new TorchUnavailableException($"The compute device {request} was asked for, but CUDA did not start: {FirstLine(e.Message)} "
                + "Check the GPU with nvidia-smi, or use --device auto to fall back to CPU.", e);
        }
        var count = cuda.device_count();
        if (request.Index >= count)
            throw new TorchUnavailableException($"The compute device {request} was asked for, but this machine has {count} GPU{(count == 1 ? "" : "s")} (cuda:0 to cuda:{count - 1}).");
        return new Device(DeviceType.CUDA, request.Index);
    }

    static Device StartCpu(DeviceRequest request, string whyNotCuda)
    {
        InitializeDeviceType(DeviceType.CPU);
        if (request.Kind == DeviceKind.Auto) _fallback = whyNotCuda;
        return CPU;
    }

    static bool Same(ComputeOptions a, ComputeOptions b) =>
        a.Requested() == b.Requested() && a.AllowTf32 == b.AllowTf32 && string.Equals(Normalized(a.LibTorchDirectory), Normalized(b.LibTorchDirectory), StringComparison.Ordinal);

    static string? Normalized(string? folder) => string.IsNullOrWhiteSpace(folder) ? null : Path.GetFullPath(folder).TrimEnd('/');

    /// <summary>
    /// Loads the bridge (and through its $ORIGIN run path, or the libtorch loaded before it, libtorch) the
    /// way TorchSharp will, to learn why it fails. Returns the folder of the bundled native libraries.
    /// </summary>
    static string ProbeNativeBridge(string? external)
    {
        var directory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;
        var library = new[] { Path.Combine(directory, "runtimes", "linux-x64", "native", NativeName), Path.Combine(directory, NativeName) }
            .FirstOrDefault(File.Exists)
            ?? throw new TorchUnavailableException($"TorchSharp's native library {NativeName} is not beside TorchSharp.dll in {directory}; "
                + "restore the libtorch-cpu-linux-x64 2.10.0 package and rebuild (dotnet build).");
        if (external is null && !File.Exists(Path.Combine(Path.GetDirectoryName(library)!, "libtorch.so")))
            throw new TorchUnavailableException($"This Cortex was bundled without libtorch ({Path.GetDirectoryName(library)} has no libtorch.so): "
                + "name one with --libtorch or Compute:LibTorchDirectory, e.g. the lib folder of a PyTorch install.");
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
        catch (DllNotFoundException e) when (external is not null)
        {
            throw new TorchUnavailableException($"TorchSharp's bridge (built for libtorch 2.10) does not fit the libtorch in {external}: {LoaderReason(e)}. "
                + "Use a PyTorch 2.10 or 2.11 install.", e);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchUnavailableException($"{library} cannot be loaded: {LoaderReason(e)}", e);
        }
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>The dynamic loader's own words (e.g. "undefined symbol: …"), which .NET puts on the last line of its message.</summary>
    internal static string LoaderReason(DllNotFoundException e) =>
        e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.GetType().Name;
}
