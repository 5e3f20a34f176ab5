using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// One resolution of the encoder or decoder: ResnetBlocks (each followed by attention at attention
/// levels), then an optional resampler. Registered under taming's names — <c>block</c>, <c>attn</c>
/// and <c>downsample</c> or <c>upsample</c> — so checkpoint keys map onto it unchanged.
/// </summary>
public sealed class ResolutionLevel : Module<Tensor, Tensor>
{
    readonly ModuleList<ResnetBlock> block = new();
    readonly ModuleList<AttnBlock> attn = new();
    // A delegate, not a module field: TorchSharp would register a module field under its own name, not taming's.
    readonly Func<Tensor, Tensor>? resample;

    ResolutionLevel(DdConfig config, int level, long inChannels, int blocks, (string Name, Module<Tensor, Tensor> Module)? resampler) : base(nameof(ResolutionLevel))
    {
        var width = config.LevelChannels(level);
        for (var i = 0; i < blocks; i++)
        {
            block.Add(new ResnetBlock(i == 0 ? inChannels : width, width));
            if (config.HasAttention(level)) attn.Add(new AttnBlock(width));
        }
        register_module(nameof(block), block);
        register_module(nameof(attn), attn);
        if (resampler is var (name, module))
        {
            register_module(name, module);
            resample = module.call;
        }
    }

    /// <summary>An encoder level (diffusionmodules/model.py:342-433): num_res_blocks blocks, then a Downsample unless it is the last level.</summary>
    public static ResolutionLevel Encoder(DdConfig config, int level, long inChannels) =>
        new(config, level, inChannels, config.NumResBlocks,
            level == config.Levels - 1 ? null : ("downsample", new Downsample(config.LevelChannels(level))));

    /// <summary>A decoder level (diffusionmodules/model.py:436-537): num_res_blocks + 1 blocks, then an Upsample unless it is level 0.</summary>
    public static ResolutionLevel Decoder(DdConfig config, int level, long inChannels) =>
        new(config, level, inChannels, config.NumResBlocks + 1, level == 0 ? null : ("upsample", new Upsample(config.LevelChannels(level))));

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < block.Count; i++)
        {
            x = block[i].call(x);
            if (attn.Count > 0) x = attn[i].call(x);
        }
        if (resample is not null) x = resample(x);
        return x.MoveToOuterDisposeScope();
    }
}
