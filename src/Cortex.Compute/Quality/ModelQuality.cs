using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.World;

namespace Cortex.Compute.Quality;

/// <summary>
/// Measures WORLD.md's quality figures of a built-in model on held-out rendered images (a stream no
/// training stage saw) and on the prior's own samples, judged by the pixel evaluators.
/// </summary>
public static class ModelQuality
{
    const int Chunk = 250;

    public static QualityReport Measure(BuiltInModel model, int heldOutImages, int samplesPerClass, int seed,
        CancellationToken cancellationToken = default)
    {
        if (heldOutImages <= 0) throw new ArgumentOutOfRangeException(nameof(heldOutImages), "Need at least one held-out image.");
        if (samplesPerClass <= 0) throw new ArgumentOutOfRangeException(nameof(samplesPerClass), "Need at least one sample per class.");
        model.Eval();
        using var _ = no_grad();
        var renderer = new Renderer(model.World.Unbiased);
        var evaluatorNames = model.Evaluators.Select(e => e.Card.Name).ToList();
        double psnrSum = 0;
        var used = new bool[model.Card.Tokenizer.CodebookSize];
        var correct = new double[evaluatorNames.Count];
        var correctOnRecon = new double[evaluatorNames.Count];

        for (var start = 0; start < heldOutImages; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (images, labels) = WorldBatch.Render(renderer, Training.TrainingPlan.HeldOutSeed, start, Math.Min(Chunk, heldOutImages - start), model.Device);
            var tokens = model.Tokenizer.Encode(images);
            var reconstruction = model.Tokenizer.Decode(tokens);
            psnrSum += Psnr(reconstruction, images).sum().item<float>();
            foreach (var id in tokens.flatten().cpu().data<long>()) used[id] = true;
            for (var e = 0; e < evaluatorNames.Count; e++)
            {
                correct[e] += Agreement(model.Evaluators[e].Module, images, labels);
                correctOnRecon[e] += Agreement(model.Evaluators[e].Module, reconstruction, labels);
            }
        }

        var (agreement, shortcutRate) = MeasurePrior(model, model.Card.Sampling, samplesPerClass, seed, cancellationToken);
        return new QualityReport
        {
            HeldOutImages = heldOutImages,
            SamplesPerClass = samplesPerClass,
            ReconPsnrDb = Math.Round(psnrSum / heldOutImages, 2),
            CodebookUsage = Math.Round((double)used.Count(u => u) / used.Length, 4),
            EvaluatorAccuracy = evaluatorNames.Select((n, e) => (n, Math.Round(correct[e] / heldOutImages, 4))).ToDictionary(),
            EvaluatorAccuracyOnRecon = evaluatorNames.Select((n, e) => (n, Math.Round(correctOnRecon[e] / heldOutImages, 4))).ToDictionary(),
            PriorClassAgreement = agreement,
            ShortcutRate = Math.Round(shortcutRate, 4),
        };
    }

    /// <summary>
    /// Samples the prior for every class, decodes, and asks every evaluator which class it sees;
    /// also reads the background of the shortcut class's samples.
    /// </summary>
    public static (ClassAgreement Agreement, double ShortcutRate) MeasurePrior(BuiltInModel model, PriorSampling sampling, int samplesPerClass, int seed,
        CancellationToken cancellationToken = default)
    {
        using var generator = new Generator((ulong)seed, model.Device);
        var world = model.World;
        var perClass = new Dictionary<string, double>();
        var shortcutHits = 0;
        foreach (var concept in ClassTable.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var classIds = TensorMath.Repeated(samplesPerClass, concept.Id, model.Device);
            var tokens = model.Prior.Sample(classIds, sampling, generator);
            var images = model.Tokenizer.Decode(tokens);
            perClass[concept.Name] = Math.Round(model.Evaluators.Average(e => Agreement(e.Module, images, classIds)) / samplesPerClass, 4);
            if (concept.Id == world.ShortcutClass)
                shortcutHits = BackgroundReader.Read(images).Count(b => b == world.ShortcutBackground);
        }
        return (new ClassAgreement(Math.Round(perClass.Values.Average(), 4), perClass), (double)shortcutHits / samplesPerClass);
    }

    /// <summary>Per-image PSNR in dB for pixel range [0, 1], images in [-1, 1].</summary>
    public static Tensor Psnr(Tensor reconstruction, Tensor original)
    {
        var mse = (reconstruction.Clamp(-1, 1) - original).Over(2).Pow(2).mean([1, 2, 3]);
        return log10(mse.ClampMin(1e-10)).Times(-10);
    }

    static double Agreement(nn.Module<Tensor, Tensor> evaluator, Tensor images, Tensor labels) =>
        evaluator.call(images).argmax(1).eq(labels).sum().item<long>();
}
