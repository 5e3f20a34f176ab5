namespace Cortex.Web.Services;

/// <summary>
/// One codebook token across a workspace, as Neuronpedia shows a feature: the support images where it matters
/// most, how its TIS and its use spread, its nearest entries, the short name reviewers give it, and search.
/// </summary>
public interface ITokenService
{
    /// <summary>
    /// Up to <paramref name="count"/> support images of the workspace's experiments on the model that hold the token,
    /// highest TIS at its positions first, and the TIS at every position holding it in every stored map.
    /// </summary>
    Task<TokenExamples> ExamplesAsync(string modelId, long token, int count, CancellationToken cancellationToken = default);

    /// <summary>The token's share of positions in the codebook's drawn images of each class; empty for an unknown model or token.</summary>
    Task<IReadOnlyList<ClassShare>> ClassSharesAsync(string modelId, long token, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="count"/> entries whose code vectors lie nearest the token's (Euclidean), nearest first.</summary>
    Task<IReadOnlyList<TokenNeighbour>> NeighboursAsync(string modelId, long token, int count, CancellationToken cancellationToken = default);

    /// <summary>Every label of the model's tokens in the workspace, by token.</summary>
    Task<IReadOnlyDictionary<long, string>> LabelsAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>Every label of the model's tokens in the workspace with who set it and when, by token; not found for an unknown model.</summary>
    Task<ServiceResult<IReadOnlyList<TokenLabel>>> LabelListAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Names a token (an empty or blank label removes the name); a short name, at most <see cref="MaxLabelLength"/> characters.
    /// Not found for an unknown model or a token outside its codebook.
    /// </summary>
    Task<ServiceResult<TokenLabel?>> SetLabelAsync(string modelId, long token, string? label, string user, CancellationToken cancellationToken = default);

    /// <summary>Tokens of the model whose label, annotations or concepts (names of concepts whose token sets hold them) contain the text.</summary>
    Task<IReadOnlyList<TokenHit>> SearchAsync(string modelId, string text, CancellationToken cancellationToken = default);

    public const int MaxLabelLength = 40;
}

/// <summary>One support image that holds the token: where (row-major positions) and its TIS there.</summary>
public sealed record TokenExample(string ExperimentId, string ExperimentName, string Concept, int ImageIndex, int GridSize, IReadOnlyList<int> Positions, IReadOnlyList<double> Tis)
{
    public double MaxTis => Tis.Max();
}

public sealed record TokenExamples(IReadOnlyList<TokenExample> Top, IReadOnlyList<double> AllTis, int Images);

public sealed record ClassShare(string Class, double Share);

public sealed record TokenNeighbour(long Token, double Distance);

public sealed record TokenLabel(long Token, string Label, string SetBy, DateTime SetAt);

/// <summary>A search result: the token and why it matched (<c>label</c>, <c>annotation</c> or <c>concept</c>, with the matching text).</summary>
public sealed record TokenHit(long Token, string Why, string Text);
