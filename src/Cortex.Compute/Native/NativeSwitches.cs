using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// libtorch CPU settings that TorchSharp does not expose, set through at::Context's user switches.
/// <list type="bullet">
/// <item>oneDNN (MKLDNN) convolutions: with libtorch 2.10 on this project's machines, a convolution's
/// backward pass returns wrong input gradients (off by ~50%, and changing between calls) once the same
/// shapes have run forward under no_grad — the pattern of every TIS computation, which interleaves
/// evaluation and gradients. Float64 and the non-oneDNN path give the exact gradients; a test guards it.</item>
/// <item>NNPACK: on CPUs it does not support, libtorch tries it before every small convolution and
/// prints "Could not initialize NNPACK! Reason: Unsupported hardware." each time.</item>
/// </list>
/// Both switches only remove a backend; convolutions take libtorch's other CPU path.
/// </summary>
static unsafe class NativeSwitches
{
    const string GlobalContext = "_ZN2at13globalContextEv";                     // at::globalContext()
    const string SetUserEnabledNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb"; // at::Context::setUserEnabledNNPACK(bool)
    const string SetUserEnabledMkldnn = "_ZN2at7Context20setUserEnabledMkldnnEb"; // at::Context::setUserEnabledMkldnn(bool)

    public static void Apply(string nativeDirectory)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        if (!NativeLibrary.TryLoad(Path.Combine(nativeDirectory, "libtorch_cpu.so"), out var library)) return;
        if (!NativeLibrary.TryGetExport(library, GlobalContext, out var context)) return;
        var instance = ((delegate* unmanaged<nint>)context)();
        foreach (var name in new[] { SetUserEnabledNnpack, SetUserEnabledMkldnn })
        {
            // A C++ member function takes `this` as its first argument in the System V x86-64 ABI.
            if (NativeLibrary.TryGetExport(library, name, out var set)) ((delegate* unmanaged<nint, byte, void>)set)(instance, 0);
        }
    }
}
