namespace Cortex.Web.Services;

/// <summary>
/// What-if probing of an experiment's images (LIT's counterfactuals): replace tokens of a stored grid and see the decoded
/// image, every evaluator's probabilities and the run's extractor's TIS map for the edited grid.
/// </summary>
public interface IProbeService
{
    /// <summary>Why the experiment's images cannot be probed (unknown, not finished, no stored images, a run that predates probing), or null when they can.</summary>
    Task<string?> UnavailableAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Image <see cref="ProbeRequest.Image"/> with its edits applied in order; refused (invalid) for a bad image, position or token id.</summary>
    Task<ServiceResult<ProbeResult>> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default);

    /// <summary>The edited grid's TIS map by every attribution method (gradient, SmoothGrad, grad×input, IG, occlusion), keyed by wire name.</summary>
    Task<ServiceResult<IReadOnlyDictionary<string, double[]>>> TisMethodsAsync(ProbeRequest request, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="count"/> codebook entries of the experiment's model nearest to <paramref name="token"/>, nearest first.</summary>
    Task<ServiceResult<IReadOnlyList<long>>> NeighboursAsync(string experimentId, long token, int count, CancellationToken cancellationToken = default);
}

/// <summary>One replacement: the token at row-major <see cref="Position"/> becomes <see cref="Token"/>.</summary>
public sealed record TokenEdit(int Position, long Token);

/// <summary>An experiment's stored image <see cref="Image"/> (its index in the Saliency tab) with <see cref="Edits"/> applied in order.</summary>
public sealed record ProbeRequest(string ExperimentId, int Image, IReadOnlyList<TokenEdit> Edits);

/// <summary>
/// A probe's answer: the edited grid, its decoded image (PNG at the model's size), per evaluator the probability of each
/// concept's class (in <see cref="Concepts"/> order), the extractor's probability of each concept, the TIS map toward the
/// image's own concept (<see cref="Concept"/>, an index into <see cref="Concepts"/>), and how long the server took.
/// </summary>
public sealed record ProbeResult(int GridSize, long[] Tokens, byte[] Png, IReadOnlyList<string> Concepts, int Concept,
    IReadOnlyDictionary<string, double[]> EvaluatorProbabilities, double[] ExtractorProbabilities, double[] Tis, double Milliseconds)
{
    public string ImageDataUrl => $"data:image/png;base64,{Convert.ToBase64String(Png)}";
}
