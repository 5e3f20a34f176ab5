using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;
using static Cortex.Compute.Benchmarks.BenchTiming;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// Speed of the taming port at one size with random weights (no checkpoint needed): VQGAN encode and
/// decode, and cin-transformer sampling with the key/value cache against recomputing the whole prefix
/// at every step, as taming's sample() without past does.
/// </summary>
public static class TamingBenchmarks
{
    public static TamingBench Run(TamingBenchSize size, Device device, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        manual_seed(3);
        using var transformer = new CinTransformer(size.Vqgan, size.Gpt, size.Classes);
        transformer.to(device).eval();
        using var _ = no_grad();
        progress?.Report($"taming VQGAN encode and decode ({size.Name})");
        var vqgan = Codec(transformer.FirstStage, size, device);
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report($"taming cin transformer sampling, cached vs recomputed ({size.Name})");
        var sampling = Sampling(transformer, size, device, cancellationToken);
        progress?.Report($"taming checkpoint load memory ({size.Name})");
        return new TamingBench(vqgan, sampling) { Load = CheckpointLoadMemory.Measure(transformer, size) };
    }

    /// <summary>Only the checkpoint-load memory, at a size whose codec and sampling would take too long to time just for it.</summary>
    public static CheckpointLoadBench? LoadMemory(TamingBenchSize size)
    {
        manual_seed(3);
        using var transformer = new CinTransformer(size.Vqgan, size.Gpt, size.Classes);
        return CheckpointLoadMemory.Measure(transformer, size);
    }

    static VqganBench Codec(Vqgan vqgan, TamingBenchSize size, Device device)
    {
        using var scope = NewDisposeScope();
        var dd = size.Vqgan.Dd;
        var batch = size.CodecBatch;
        var images = rand(batch, 3, dd.Resolution, dd.Resolution, device: device).Times(2).Minus(1);
        var tokens = randint(size.Vqgan.NEmbed, [batch, dd.LatentSize, dd.LatentSize], device: device);
        var encode = Rate(batch, size.Repeats, () =>
        {
            using var encoded = vqgan.Encode(images);
            Wait(encoded);
        });
        var decode = Rate(batch, size.Repeats, () =>
        {
            using var decoded = vqgan.Decode(tokens);
            Wait(decoded);
        });
        var shape = $"{size.Name}: {dd.Resolution}×{dd.Resolution} → {dd.LatentSize}×{dd.LatentSize}, ch {dd.Ch}, ch_mult [{string.Join(", ", dd.ChMult)}], "
            + $"{dd.NumResBlocks} ResNet blocks per level, attention at [{string.Join(", ", dd.AttnResolutions)}], z {dd.ZChannels}, K {size.Vqgan.NEmbed}, D {size.Vqgan.EmbedDim}";
        return new VqganBench(shape, Parameters(vqgan), batch, Round(encode), Round(decode));
    }

    static SamplingBench Sampling(CinTransformer transformer, TamingBenchSize size, Device device, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        var length = transformer.GridSize * transformer.GridSize;
        var images = size.SampleImages;
        var classIds = tensor(Enumerable.Range(0, images).Select(i => (long)(i * 7 % size.Classes)).ToArray(), device: device);
        using var generator = new Generator(0, device);
        Tensor? tokens = null;
        var cached = Rate(images * length, size.Repeats, () =>
        {
            tokens?.Dispose();
            tokens = transformer.Sample(classIds, new PriorSampling(TopK: 1), generator);
            Wait(tokens);
        });

        // Greedy recomputation picks the cached path's tokens (a Compute test holds them equal), so
        // every prefix it would run is known: [B, 1 + h·w], the class token first.
        var sequence = cat([classIds.view(-1, 1), tokens!.flatten(1)], 1);
        var stride = size.RecomputeStride;
        var steps = Enumerable.Range(0, length / stride).Select(k => k * stride + stride / 2).ToList();
        using (var warmUp = RecomputeStep(transformer.Gpt, sequence, length - 1)) Wait(warmUp);
        var seconds = 0.0;
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            seconds += Fastest(size.Repeats, () =>
            {
                using var next = RecomputeStep(transformer.Gpt, sequence, step);
                Wait(next);
            });
        }
        // The mean timed step stands for all h·w steps: the timed ones sit in the middle of equal strides.
        var recomputeSeconds = seconds / steps.Count * length;
        var recompute = images * length / recomputeSeconds;

        var gpt = size.Gpt;
        var shape = $"minGPT {gpt.NLayer} layers, {gpt.NHead} heads, width {gpt.NEmbd}, vocab {gpt.VocabSize}, block {gpt.BlockSize}, {size.Classes} classes";
        return new SamplingBench(shape, Parameters(transformer.Gpt), images, length, Round(cached), Round(recompute), steps.Count, Round(cached / recompute));
    }

    /// <summary>Step t of sampling without a cache: minGPT over the class and the t tokens before, then the argmax of the last position [B].</summary>
    static Tensor RecomputeStep(MinGpt gpt, Tensor sequence, int step)
    {
        using var scope = NewDisposeScope();
        return gpt.call(sequence[.., ..(step + 1)])[.., -1].argmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>Waits until the device has computed <paramref name="result"/>, so that the clock stops when the work is done.</summary>
    static void Wait(Tensor result) => Settle(result.device);

    static long Parameters(Module module) => module.parameters().Sum(p => p.numel());
}
