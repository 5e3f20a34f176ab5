using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// libtorch settings that TorchSharp does not expose. NNPACK: on CPUs it does not support, libtorch
/// tries it before every small convolution and prints "Could not initialize NNPACK! Reason:
/// Unsupported hardware." each time (thousands of lines per run); at::Context's user switch turns the
/// attempt off, and convolutions take libtorch's other CPU paths, as they do after that failure anyway.
/// </summary>
static unsafe class NativeSwitches
{
    const string GlobalContext = "_ZN2at13globalContextEv";                    // at::globalContext()
    const string SetUserEnabledNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb"; // at::Context::setUserEnabledNNPACK(bool)

    public static void DisableNnpack(string nativeDirectory)
    {
        var path = Path.Combine(nativeDirectory, "libtorch_cpu.so");
        if (!RuntimeInformation.ProcessArchitecture.Equals(Architecture.X64) || !NativeLibrary.TryLoad(path, out var library)) return;
        if (!NativeLibrary.TryGetExport(library, GlobalContext, out var context) || !NativeLibrary.TryGetExport(library, SetUserEnabledNnpack, out var set)) return;
        var instance = ((delegate* unmanaged<nint>)context)();
        // A C++ member function takes `this` as its first argument in the System V x86-64 ABI.
        ((delegate* unmanaged<nint, byte, void>)set)(instance, 0);
    }
}
