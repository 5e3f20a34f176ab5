using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// The VQGAN decoder (diffusionmodules/model.py:436-537): latents [B, z, h, w] → images [B, 3, S, S].
/// <c>up.{i}</c> is indexed by level, as taming builds it with <c>insert(0, ..)</c>, so the deepest level runs first.
/// </summary>
public sealed class Decoder : Module<Tensor, Tensor>
{
    readonly Conv2d conv_in;
    readonly MidBlock mid;
    readonly ModuleList<ResolutionLevel> up;
    readonly GroupNorm norm_out;
    readonly Conv2d conv_out;

    public Decoder(DdConfig config) : base(nameof(Decoder))
    {
        long width = config.LevelChannels(config.Levels - 1);
        conv_in = Conv2d(config.ZChannels, width, 3, padding: 1);
        mid = new MidBlock(width);
        var levels = new ResolutionLevel[config.Levels];
        for (var level = config.Levels - 1; level >= 0; level--)
        {
            levels[level] = ResolutionLevel.Decoder(config, level, width);
            width = config.LevelChannels(level);
        }
        up = new ModuleList<ResolutionLevel>(levels);
        norm_out = TamingLayers.Normalize(width);
        conv_out = Conv2d(width, config.OutCh, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var h = mid.call(conv_in.call(latents));
        for (var level = up.Count - 1; level >= 0; level--) h = up[level].call(h);
        return conv_out.call(TamingLayers.Swish(norm_out.call(h))).MoveToOuterDisposeScope();
    }
}
