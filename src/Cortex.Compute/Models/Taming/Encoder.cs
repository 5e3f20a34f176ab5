using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// The VQGAN encoder (diffusionmodules/model.py:342-433): images [B, 3, S, S] → latents [B, z, S/2^(L-1), S/2^(L-1)].
/// Field names are taming's, so a checkpoint's keys map onto this module unchanged.
/// </summary>
public sealed class Encoder : Module<Tensor, Tensor>
{
    readonly Conv2d conv_in;
    readonly ModuleList<ResolutionLevel> down;
    readonly MidBlock mid;
    readonly GroupNorm norm_out;
    readonly Conv2d conv_out;

    public Encoder(DdConfig config) : base(nameof(Encoder))
    {
        conv_in = Conv2d(config.InChannels, config.Ch, 3, padding: 1);
        down = new ModuleList<ResolutionLevel>();
        long width = config.Ch;
        for (var level = 0; level < config.Levels; level++)
        {
            down.Add(ResolutionLevel.Encoder(config, level, width));
            width = config.LevelChannels(level);
        }
        mid = new MidBlock(width);
        norm_out = TamingLayers.Normalize(width);
        conv_out = Conv2d(width, config.DoubleZ ? 2 * config.ZChannels : config.ZChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = conv_in.call(images);
        foreach (var level in down) h = level.call(h);
        h = mid.call(h);
        return conv_out.call(TamingLayers.Swish(norm_out.call(h))).MoveToOuterDisposeScope();
    }
}
