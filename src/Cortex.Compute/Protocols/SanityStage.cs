using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Protocols;

/// <summary>
/// Model-parameter randomization (Adebayo et al. 2018) of every extractor: Spearman correlation between
/// each image's absolute TIS map from the trained extractor and from one with re-initialized weights —
/// the whole network at once, and cascading, layer by layer from the output down. The fresh weights come
/// from one seeded extractor of the same architecture, so the cascade's last step is the whole network.
/// </summary>
public static class SanityStage
{
    public static RandomizationReport Run(IVqModel model, IReadOnlyList<TrainedExtractor> extractors, int concepts, int width, Tensor tokens, Tensor labels,
        ImportanceOptions baseOptions, int cascadeImages, int seed)
    {
        using var cascadeTokens = tokens.narrow(0, 0, Math.Min(cascadeImages, tokens.shape[0]));
        using var cascadeLabels = labels.narrow(0, 0, cascadeTokens.shape[0]);
        var results = extractors.Select(trained => new ExtractorRandomization(
            ExtractorFactory.Name(trained.Architecture),
            ExtractorLayers.FromTop(trained.Module).Select(l => l.Name).ToList(),
            Cascade(model, trained, concepts, width, cascadeTokens, cascadeLabels, baseOptions, seed),
            Randomization(model, trained, concepts, width, tokens, labels, baseOptions, seed).SpearmanTrainedVsRandom)).ToList();
        return new RandomizationReport(PaperFindings.SanityThreshold, (int)tokens.shape[0], (int)cascadeTokens.shape[0], results);
    }

    /// <summary>The whole network re-initialized at once: per method, the mean Spearman correlation of absolute TIS maps.</summary>
    public static SanityReport Randomization(IVqModel model, TrainedExtractor trained, int concepts, int width, Tensor tokens, Tensor labels,
        ImportanceOptions baseOptions, int seed)
    {
        using var randomized = Fresh(model, trained, concepts, width, seed);
        var correlations = Enum.GetValues<ImportanceMethod>().ToDictionary(ImportanceNames.Name, method =>
        {
            var options = baseOptions with { Method = method };
            return Math.Round(MeanSpearman(AbsoluteMaps(trained.Module, model, tokens, labels, options), AbsoluteMaps(randomized, model, tokens, labels, options)), 4);
        });
        return new SanityReport(ExtractorFactory.Name(trained.Architecture), (int)tokens.shape[0], correlations);
    }

    /// <summary>Per method, ρ after each cumulative step but the last (which is the whole network).</summary>
    static IReadOnlyDictionary<string, IReadOnlyList<double>> Cascade(IVqModel model, TrainedExtractor trained, int concepts, int width, Tensor tokens, Tensor labels,
        ImportanceOptions baseOptions, int seed)
    {
        using var fresh = Fresh(model, trained, concepts, width, seed);
        using var cascade = Fresh(model, trained, concepts, width, seed);
        cascade.load_state_dict(trained.Module.state_dict());
        var methods = Enum.GetValues<ImportanceMethod>();
        var reference = methods.ToDictionary(m => m, m => AbsoluteMaps(trained.Module, model, tokens, labels, baseOptions with { Method = m }));
        var rho = methods.ToDictionary(m => m, _ => new List<double>());
        var layers = ExtractorLayers.FromTop(trained.Module);
        foreach (var layer in layers.Take(layers.Count - 1))
        {
            ExtractorLayers.Reinitialize(cascade, fresh, layer);
            foreach (var method in methods)
                rho[method].Add(Math.Round(MeanSpearman(reference[method], AbsoluteMaps(cascade, model, tokens, labels, baseOptions with { Method = method })), 4));
        }
        return rho.ToDictionary(r => ImportanceNames.Name(r.Key), r => (IReadOnlyList<double>)r.Value);
    }

    /// <summary>An extractor of the trained one's architecture with seeded first weights, in eval mode on the model's device.</summary>
    static Module<Tensor, Tensor> Fresh(IVqModel model, TrainedExtractor trained, int concepts, int width, int seed)
    {
        var module = ExtractorFactory.CreateSeeded(seed + 9973, trained.Architecture, model.EmbeddingDim, model.GridSize, concepts, width).to(model.Device);
        module.eval();
        return module;
    }

    /// <summary>
    /// Each image's map as |TIS|, float64. Adebayo et al. compare absolute maps: a sign flip under
    /// randomization still leaves the same positions highlighted.
    /// </summary>
    public static IReadOnlyList<double[]> AbsoluteMaps(Module<Tensor, Tensor> extractor, IVqModel model, Tensor tokens, Tensor labels, ImportanceOptions options)
    {
        using var result = AttributionStage.Scores(extractor, model, tokens, labels, options);
        using var absolute = result.Scores.abs();
        var cells = (int)(absolute.shape[1] * absolute.shape[2]);
        var flat = absolute.cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        return Enumerable.Range(0, (int)absolute.shape[0]).Select(i => flat[(i * cells)..((i + 1) * cells)]).ToList();
    }

    public static double MeanSpearman(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b) => a.Zip(b, Statistics.Spearman).Average();
}
