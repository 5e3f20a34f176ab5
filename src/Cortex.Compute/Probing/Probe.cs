using Cortex.Compute.Evaluation;
using Cortex.Compute.Imaging;
using Cortex.Compute.Importance;
using Cortex.Compute.Protocols;
using Cortex.Compute.Runs;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Probing;

/// <summary>
/// What-if probing of one token grid (LIT's counterfactual editing): decode it, ask every evaluator and the run's
/// extractor what they see, and recompute the extractor's TIS map. Nothing is trained; every tensor dies here.
/// </summary>
public static class Probe
{
    /// <param name="grid">row-major token ids, H·W of them</param>
    /// <param name="concept">the extractor's label whose TIS is computed (the image's own concept)</param>
    /// <param name="classIds">each of the run's concepts' class id, in label order</param>
    public static ProbeAnswer Answer(RunModel hosted, Module<Tensor, Tensor> extractor, long[] grid, int concept, IReadOnlyList<int> classIds,
        ImportanceOptions importance)
    {
        var model = hosted.Model;
        using var scope = NewDisposeScope();
        var tokens = Tokens(hosted, grid, concept, classIds.Count);
        var image = EvaluatorScores.Decode(model, tokens);
        var classes = tensor(classIds.Select(c => (long)c).ToArray(), device: model.Device);
        var evaluators = new Dictionary<string, double[]>();
        double[] extracted;
        using (no_grad())
        {
            foreach (var judge in hosted.Judges)
                evaluators[judge.Name] = Doubles(functional.softmax(judge.Logits(image), 1)[0].index_select(0, classes));
            extracted = Doubles(functional.softmax(extractor.call(model.Embed(tokens)), 1)[0]);
        }
        var tis = Tis(hosted, extractor, tokens, concept, importance);
        return new ProbeAnswer(PngWriter.Encode(image.cpu().contiguous().data<float>().ToArray(), model.ImageSize), evaluators, extracted, tis);
    }

    /// <summary>The grid's TIS map toward <paramref name="concept"/> by every attribution method, keyed by its wire name.</summary>
    public static IReadOnlyDictionary<string, double[]> Methods(RunModel hosted, Module<Tensor, Tensor> extractor, long[] grid, int concept, int concepts,
        ImportanceOptions importance)
    {
        using var scope = NewDisposeScope();
        var tokens = Tokens(hosted, grid, concept, concepts);
        return Enum.GetValues<ImportanceMethod>().ToDictionary(ImportanceNames.Name, m => Tis(hosted, extractor, tokens, concept, importance with { Method = m }));
    }

    /// <summary>The <paramref name="count"/> codebook entries nearest to <paramref name="token"/>'s (Euclidean), nearest first, itself excluded.</summary>
    public static long[] Neighbours(Models.IVqModel model, long token, int count)
    {
        if (token < 0 || token >= model.CodebookSize) throw new ArgumentOutOfRangeException(nameof(token), token, $"Token ids run from 0 to {model.CodebookSize - 1}.");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var distances = (model.Codebook - model.Codebook[token]).Pow(2).sum(1);
        var nearest = distances.topk(Math.Min(count + 1, model.CodebookSize), largest: false).indexes;
        return [.. nearest.cpu().data<long>().ToArray().Where(t => t != token).Take(count)];
    }

    /// <summary>[1, H, W] on the model's device, after checking the grid's size, its ids and the concept.</summary>
    static Tensor Tokens(RunModel hosted, long[] grid, int concept, int concepts)
    {
        var model = hosted.Model;
        var cells = model.GridSize * model.GridSize;
        if (grid.Length != cells) throw new ArgumentException($"A {model.Name} grid has {cells} tokens ({model.GridSize}×{model.GridSize}), not {grid.Length}.", nameof(grid));
        if (Array.FindIndex(grid, t => t < 0 || t >= model.CodebookSize) is var outside and >= 0)
            throw new ArgumentException($"Token {grid[outside]} at position {outside} is not in {model.Name}'s codebook (ids 0 to {model.CodebookSize - 1}).", nameof(grid));
        if (concept < 0 || concept >= concepts) throw new ArgumentOutOfRangeException(nameof(concept), concept, $"The run has {concepts} concepts.");
        return tensor(grid, device: model.Device).view(1, model.GridSize, model.GridSize);
    }

    static double[] Tis(RunModel hosted, Module<Tensor, Tensor> extractor, Tensor tokens, int concept, ImportanceOptions importance)
    {
        using var label = tensor(new long[] { concept }, device: hosted.Model.Device);
        using var result = AttributionStage.Scores(extractor, hosted.Model, tokens, label, importance);
        return Doubles(result.Scores[0].flatten());
    }

    static double[] Doubles(Tensor values) => values.cpu().to(ScalarType.Float64).data<double>().ToArray();
}

/// <summary>
/// A probed grid: its decoded image (PNG at the model's size), each evaluator's probability of each concept's class
/// (in the run's label order), the extractor's probability of each concept, and the TIS map (row-major) toward the image's concept.
/// </summary>
public sealed record ProbeAnswer(byte[] Png, IReadOnlyDictionary<string, double[]> EvaluatorProbabilities, double[] ExtractorProbabilities, double[] Tis);
