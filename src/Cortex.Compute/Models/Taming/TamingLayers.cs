using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>The two pieces every taming block shares (diffusionmodules/model.py:29-35).</summary>
static class TamingLayers
{
    /// <summary>GroupNorm with 32 groups and eps 1e-6: the channel count must be a multiple of 32.</summary>
    public static GroupNorm Normalize(long channels)
    {
        var norm = GroupNorm(32, channels, eps: 1e-6, affine: true);
        // TorchSharp 0.107 leaves GroupNorm's affine parameters uninitialized (NaN at times); PyTorch starts at 1 and 0.
        using (no_grad())
        {
            norm.weight!.Fill_(1);
            norm.bias!.Fill_(0);
        }
        return norm;
    }

    /// <summary>x·sigmoid(x), written out as taming does rather than SiLU so the rounding matches.</summary>
    public static Tensor Swish(Tensor x) => x * functional.sigmoid(x);
}
