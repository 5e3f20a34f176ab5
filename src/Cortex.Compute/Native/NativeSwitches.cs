using System.Runtime.InteropServices;

namespace Cortex.Compute.Native;

/// <summary>
/// libtorch CPU settings that TorchSharp does not expose, set through at::Context's user switches
/// (C++ member functions take <c>this</c> first in the System V x86-64 ABI).
/// <list type="bullet">
/// <item>NNPACK, off for good: on CPUs it does not support, libtorch tries it before every small
/// convolution and prints "Could not initialize NNPACK! Reason: Unsupported hardware." each time.</item>
/// <item>oneDNN (MKLDNN) convolutions, off while input gradients are computed: with libtorch 2.10 on
/// this project's machines, a convolution's gradient with respect to its INPUT is wrong (off by ~50%,
/// different between calls) once the same shapes have run forward under no_grad — the pattern of TIS
/// and codebook search. Parameter gradients are unaffected, so training keeps oneDNN's speed (about
/// 3× libtorch's other CPU path). Tests compare against float64.</item>
/// </list>
/// </summary>
public static unsafe class NativeSwitches
{
    const string GlobalContext = "_ZN2at13globalContextEv";                     // at::globalContext()
    const string SetUserEnabledNnpack = "_ZN2at7Context20setUserEnabledNNPACKEb"; // at::Context::setUserEnabledNNPACK(bool)
    const string SetUserEnabledMkldnn = "_ZN2at7Context20setUserEnabledMkldnnEb"; // at::Context::setUserEnabledMkldnn(bool)
    const string SetAllowTf32CuDnn = "_ZN2at7Context17setAllowTF32CuDNNEb";      // at::Context::setAllowTF32CuDNN(bool)
    const string SetAllowTf32CuBlas = "_ZN2at7Context18setAllowTF32CuBLASEb";    // at::Context::setAllowTF32CuBLAS(bool)

    static readonly Lock Gate = new();
    static nint _context;
    static nint _library;
    static delegate* unmanaged<nint, byte, void> _setMkldnn;
    static int _suspensions;

    internal static void Apply(string nativeDirectory)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        if (!NativeLibrary.TryLoad(Path.Combine(nativeDirectory, "libtorch_cpu.so"), out var library)) return;
        if (!NativeLibrary.TryGetExport(library, GlobalContext, out var context)) return;
        _library = library;
        _context = ((delegate* unmanaged<nint>)context)();
        if (NativeLibrary.TryGetExport(library, SetUserEnabledNnpack, out var nnpack)) ((delegate* unmanaged<nint, byte, void>)nnpack)(_context, 0);
        if (NativeLibrary.TryGetExport(library, SetUserEnabledMkldnn, out var mkldnn)) _setMkldnn = (delegate* unmanaged<nint, byte, void>)mkldnn;
    }

    /// <summary>
    /// Whether CUDA convolutions and matrix products may use TF32 tensor cores (10-bit mantissa). PyTorch
    /// allows them for convolutions by default, which moves a VQGAN decoder's pixels by about 2e-3 from
    /// float32 on CPU. Returns false where this libtorch has no such switch.
    /// </summary>
    internal static bool AllowTf32(bool allow)
    {
        if (_context == 0) return false;
        var set = false;
        foreach (var name in new[] { SetAllowTf32CuDnn, SetAllowTf32CuBlas })
        {
            if (!NativeLibrary.TryGetExport(_library, name, out var setter)) continue;
            ((delegate* unmanaged<nint, byte, void>)setter)(_context, allow ? (byte)1 : (byte)0);
            set = true;
        }
        return set;
    }

    /// <summary>Turns oneDNN convolutions off until every returned scope is disposed (nested and concurrent scopes count).</summary>
    public static IDisposable ExactInputGradients()
    {
        lock (Gate)
        {
            if (_suspensions++ == 0 && _setMkldnn != null) _setMkldnn(_context, 0);
        }
        return new Resume();
    }

    sealed class Resume : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            lock (Gate)
            {
                if (--_suspensions == 0 && _setMkldnn != null) _setMkldnn(_context, 1);
            }
        }
    }
}
