using Cortex.Compute.Imaging;
using Cortex.Compute.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Editing;

/// <summary>The independent evaluators that score decoded images during a search, and the class they are asked about.</summary>
public sealed record SearchJudges(IReadOnlyList<IEvaluator> Evaluators, int TargetClass);

/// <summary>
/// What every search does besides its own optimization step: decode and score every k steps, keep
/// each image's best tokens by mean evaluator target probability, and hand frames to the live view.
/// </summary>
sealed class SearchTracker : IDisposable
{
    readonly IVqModel _model;
    readonly SearchOptions _options;
    readonly SearchJudges? _judges;
    readonly Action<SearchFrame>? _onFrame;
    readonly long[] _source;
    readonly int _batch;
    readonly int _grid;
    readonly double[] _bestScore;
    readonly Dictionary<string, double[]> _bestProbability;
    Tensor _bestTokens;

    public SearchTracker(IVqModel model, Tensor sourceTokens, SearchOptions options, SearchJudges? judges, Action<SearchFrame>? onFrame)
    {
        (_model, _options, _judges, _onFrame) = (model, options, judges, onFrame);
        _batch = (int)sourceTokens.shape[0];
        _grid = (int)sourceTokens.shape[1];
        _source = sourceTokens.cpu().flatten().data<long>().ToArray();
        _bestScore = Enumerable.Repeat(double.NegativeInfinity, _batch).ToArray();
        _bestProbability = (judges?.Evaluators ?? []).ToDictionary(e => e.Name, _ => new double[_batch]);
        _bestTokens = sourceTokens.detach().clone();
    }

    public Tensor BestTokens => _bestTokens;

    public IReadOnlyDictionary<string, double[]> BestProbability => _bestProbability;

    public bool WantsFrame(int step) => _onFrame is not null && (step % _options.FrameEvery == 0 || IsDecodeStep(step));

    public bool IsDecodeStep(int step) => (step + 1) % _options.DecodeEvery == 0 || step == _options.Steps - 1;

    /// <param name="tokens">[B, H·W] the step's hard selection</param>
    /// <param name="targetProbability">[B] the extractor's target probability</param>
    public void Observe(int step, double loss, Tensor tokens, Tensor targetProbability)
    {
        var decode = IsDecodeStep(step);
        var frame = WantsFrame(step);
        if (!decode && !frame) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var grids = tokens.view(_batch, _grid, _grid);
        Tensor? images = null;
        Dictionary<string, double[]>? probabilities = null;
        if (decode && (_judges is not null || frame))
        {
            images = _model.Decode(grids).Clamp(-1, 1);
            if (_judges is not null) probabilities = Score(images, grids);
        }
        if (frame) _onFrame!(BuildFrame(step, loss, tokens, targetProbability, images, probabilities));
    }

    Dictionary<string, double[]> Score(Tensor images, Tensor grids)
    {
        var probabilities = _judges!.Evaluators.ToDictionary(e => e.Name,
            e => functional.softmax(e.Logits(images), 1)[.., _judges.TargetClass].cpu().to(ScalarType.Float64).data<double>().ToArray());
        for (var i = 0; i < _batch; i++)
        {
            var score = probabilities.Values.Average(p => p[i]);
            if (score <= _bestScore[i]) continue;
            _bestScore[i] = score;
            foreach (var (name, p) in probabilities) _bestProbability[name][i] = p[i];
            _bestTokens[i] = grids[i];
        }
        return probabilities;
    }

    SearchFrame BuildFrame(int step, double loss, Tensor tokens, Tensor targetProbability, Tensor? images, Dictionary<string, double[]>? probabilities)
    {
        var flat = tokens.cpu().flatten().data<long>().ToArray();
        var cells = _grid * _grid;
        var grid = new long[_batch, _grid, _grid];
        var changed = new IReadOnlyList<int>[_batch];
        for (var i = 0; i < _batch; i++)
        {
            var moved = new List<int>();
            for (var p = 0; p < cells; p++)
            {
                grid[i, p / _grid, p % _grid] = flat[i * cells + p];
                if (flat[i * cells + p] != _source[i * cells + p]) moved.Add(p);
            }
            changed[i] = moved;
        }
        var decoded = images is null ? null : ImageRows.Of(images);
        return new SearchFrame(step + 1, _options.Steps, loss, targetProbability.cpu().to(ScalarType.Float64).data<double>().ToArray(),
            grid, changed, decoded, probabilities);
    }

    public void Dispose() => _bestTokens.Dispose();
}
