using Cortex.Compute.Models.Taming;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// The shapes a taming benchmark builds with random weights, and how much it runs them.
/// <paramref name="RecomputeStride"/>: the recompute sampler is timed at every stride-th step only
/// (at the middle of each stride) and its total is the stride times that sum, because each of its
/// steps costs a full minGPT pass over a prefix that grows by one token per step. Every timing is the
/// fastest of <paramref name="Repeats"/> runs.
/// </summary>
public sealed record TamingBenchSize(string Name, VqganConfig Vqgan, GptConfig Gpt, int Classes, int CodecBatch, int SampleImages, int RecomputeStride, int Repeats)
{
    /// <summary>
    /// taming's ImageNet f16 VQGAN (vqgan_imagenet_f16_16384: ch 128, ch_mult [1, 1, 2, 2, 4], two ResNet
    /// blocks per level, attention at 16, resolution 256, z_channels 256, K 16384, D 256). Its cin
    /// transformer has 48 layers of width 1536 (1.4 B parameters), too slow for a CPU benchmark: this one
    /// keeps the vocabulary, block and class count and shrinks depth and width.
    /// </summary>
    public static TamingBenchSize ImageNetF16 => new("ImageNet f16",
        new VqganConfig(new DdConfig
        {
            Ch = 128, ChMult = [1, 1, 2, 2, 4], NumResBlocks = 2, AttnResolutions = [16], Resolution = 256, ZChannels = 256,
        }, NEmbed: 16384, EmbedDim: 256),
        new GptConfig(VocabSize: 16384, BlockSize: 256, NLayer: 8, NHead: 8, NEmbd: 512),
        Classes: 1000, CodecBatch: 2, SampleImages: 2, RecomputeStride: 8, Repeats: 2);

    /// <summary>The taming-tiny fixture's shapes (tests/data/taming-tiny): a smoke test in seconds, not a measurement.</summary>
    public static TamingBenchSize Tiny => new("tiny",
        new VqganConfig(new DdConfig
        {
            Ch = 32, ChMult = [1, 2], NumResBlocks = 1, AttnResolutions = [16], Resolution = 32, ZChannels = 8,
        }, NEmbed: 64, EmbedDim: 8),
        new GptConfig(VocabSize: 64, BlockSize: 256, NLayer: 2, NHead: 2, NEmbd: 32),
        Classes: 10, CodecBatch: 2, SampleImages: 2, RecomputeStride: 1, Repeats: 1);
}
