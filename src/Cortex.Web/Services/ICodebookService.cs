namespace Cortex.Web.Services;

/// <summary>The codebook of a model: how often each entry is used, how much it matters for a concept, and where.</summary>
public interface ICodebookService
{
    /// <summary>Why a model's codebook cannot be drawn (unknown model, no images of its own, too many pixels to decode), or null when it can.</summary>
    string? Unavailable(string modelId);

    /// <summary>Per codebook entry, its share of positions in encoded images of the world (the same draw every call); null for an unknown model.</summary>
    Task<CodebookUsage?> UsageAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per codebook entry, its importance for a concept in one experiment: the mean TIS of the positions
    /// holding it in the concept's support images (0 where absent). Null when the experiment has no TIS maps.
    /// </summary>
    Task<IReadOnlyDictionary<long, double>?> ImportanceAsync(string experimentId, string conceptName, CancellationToken cancellationToken = default);

    /// <summary>The concepts and experiments in whose token sets an entry appears.</summary>
    Task<IReadOnlyList<TokenAppearance>> AppearancesAsync(long token, CancellationToken cancellationToken = default);
}

public sealed record CodebookUsage(string ModelId, int CodebookSize, int Images, IReadOnlyList<double> Share);

/// <summary>One token-set entry of a token: experiment, concept, rank (1 = first) and count.</summary>
public sealed record TokenAppearance(long Token, string ExperimentId, string ExperimentName, string Concept, string Kind, int Rank, int Count, DateTime CreatedAt);
