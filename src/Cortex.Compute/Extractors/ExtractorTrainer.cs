using Cortex.Compute.Training;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>
/// Trains an extractor with cross-entropy on embedding grids, on a seeded train/val/test split, with
/// early stopping on validation accuracy; the best validation weights are kept.
/// </summary>
public static class ExtractorTrainer
{
    /// <param name="embeddings">[N, D, H, W]</param>
    /// <param name="labels">[N], concept indices 0..L-1</param>
    public static TrainedExtractor Train(ExtractorArchitecture architecture, Tensor embeddings, Tensor labels, int concepts,
        ExtractorTrainingOptions options, IProgress<ExtractorProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var count = embeddings.shape[0];
        if (count != labels.shape[0]) throw new ArgumentException($"{count} embedding grids but {labels.shape[0]} labels.");
        var (train, val, test) = Split(count, options);
        if (train.Length == 0 || val.Length == 0 || test.Length == 0)
            throw new ArgumentException($"A support set of {count} images is too small to split into train, validation and test sets.");

        var module = ExtractorFactory.CreateSeeded(options.Seed, architecture, (int)embeddings.shape[1], (int)embeddings.shape[2], concepts, options.Width).to(embeddings.device);
        using var optimizer = AdamOptimizer.WithL2(module.parameters(), options.LearningRate, options.WeightDecay);
        using var generator = new Generator((ulong)options.Seed);
        var device = embeddings.device;
        using var trainIndex = tensor(train, device: device);

        var best = (Accuracy: -1.0, Epoch: 0, State: (Dictionary<string, Tensor>?)null);
        var epoch = 0;
        for (; epoch < options.MaxEpochs && epoch - best.Epoch <= options.Patience; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            module.train();
            optimizer.LearningRate = options.LearningRate * Math.Pow(0.5, epoch / options.DecayEvery);
            var order = trainIndex.index_select(0, randperm(train.Length, generator: generator).to(device));
            // Summed on the device: reading each batch's loss would wait for the GPU at every step.
            using var lossSum = zeros(1, device: device);
            for (var start = 0; start < train.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(options.BatchSize, train.Length - start));
                optimizer.ZeroGrad();
                var loss = functional.cross_entropy(module.call(embeddings.index_select(0, batch)), labels.index_select(0, batch));
                loss.backward();
                optimizer.Step();
                lossSum.Accumulate_(loss.detach(), batch.shape[0]);
            }
            var valAccuracy = Accuracy(module, embeddings, labels, val);
            progress?.Report(new ExtractorProgress(architecture, epoch + 1, options.MaxEpochs, lossSum.item<float>() / train.Length, valAccuracy));
            if (valAccuracy > best.Accuracy)
            {
                DisposeState(best.State);
                best = (valAccuracy, epoch, module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()));
            }
        }
        module.load_state_dict(best.State!);
        DisposeState(best.State);
        module.eval();
        return new TrainedExtractor(architecture, module, epoch, best.Accuracy, Accuracy(module, embeddings, labels, test), train, val, test);
    }

    /// <summary>Top-1 accuracy of an extractor on the rows <paramref name="indices"/>, in eval mode.</summary>
    public static double Accuracy(Module<Tensor, Tensor> module, Tensor embeddings, Tensor labels, long[] indices)
    {
        module.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var index = tensor(indices, device: embeddings.device);
        var predicted = module.call(embeddings.index_select(0, index)).argmax(1);
        return predicted.eq(labels.index_select(0, index)).sum().item<long>() / (double)indices.Length;
    }

    /// <summary>A seeded shuffle cut into train / validation / test.</summary>
    public static (long[] Train, long[] Val, long[] Test) Split(long count, ExtractorTrainingOptions options)
    {
        using var generator = new Generator((ulong)options.Seed + 1);
        var order = randperm(count, generator: generator).data<long>().ToArray();
        var valCount = (int)Math.Round(count * options.ValidationFraction);
        var testCount = (int)Math.Round(count * options.TestFraction);
        return (order[(valCount + testCount)..], order[..valCount], order[valCount..(valCount + testCount)]);
    }

    static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var tensor in state.Values) tensor.Dispose();
    }
}
