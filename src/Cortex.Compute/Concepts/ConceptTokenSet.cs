namespace Cortex.Compute.Concepts;

/// <summary>A codebook id and how often it was counted.</summary>
public sealed record TokenCount(long Token, int Count);

/// <summary>
/// Concept-level explanation (METHOD.md §4): the token ids at each image's top-n TIS positions,
/// counted over the support set; the concept's token set is the <c>token_num</c> most frequent ids.
/// </summary>
public static class ConceptTokenSet
{
    /// <param name="tokens">[N, H, W] token grids of the concept's images</param>
    /// <param name="scores">[N, H, W] their TIS maps</param>
    public static IReadOnlyList<TokenCount> Compute(Tensor tokens, Tensor scores, int topN, int tokenNum)
    {
        CheckShapes(tokens, scores);
        var positions = tokens.shape[1] * tokens.shape[2];
        if (topN < 1 || topN > positions) throw new ArgumentException($"top_n must lie in 1..{positions} (the grid's positions), not {topN}.", nameof(topN));
        CheckTokenNum(tokenNum);
        using var scope = NewDisposeScope();
        var top = scores.flatten(1).topk(topN, dim: 1).indexes;
        var picked = tokens.flatten(1).gather(1, top);
        return Count(picked.cpu().data<long>().ToArray(), tokenNum);
    }

    /// <summary>Top-n positions [N, n] of each TIS map (row-major flat indices), best first.</summary>
    public static Tensor TopPositions(Tensor scores, int n) => scores.flatten(1).topk(n, dim: 1).indexes;

    public static IReadOnlyList<TokenCount> Count(IEnumerable<long> tokens, int tokenNum) =>
        tokens.GroupBy(t => t)
            .Select(g => new TokenCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Token)
            .Take(tokenNum)
            .ToList();

    internal static void CheckTokenNum(int tokenNum)
    {
        if (tokenNum < 1) throw new ArgumentException($"token_num must be at least 1, not {tokenNum}.", nameof(tokenNum));
    }

    static void CheckShapes(Tensor tokens, Tensor scores)
    {
        if (tokens.shape[0] == 0) throw new ArgumentException("The support set is empty.");
        if (!tokens.shape.SequenceEqual(scores.shape))
            throw new ArgumentException($"Token grids [{string.Join(", ", tokens.shape)}] and TIS maps [{string.Join(", ", scores.shape)}] differ in shape.");
    }
}

/// <summary>The frequency baseline: the <c>token_num</c> most common ids in the concept's images, with no saliency at all.</summary>
public static class FrequencyBaseline
{
    public static IReadOnlyList<TokenCount> Compute(Tensor tokens, int tokenNum)
    {
        if (tokens.shape[0] == 0) throw new ArgumentException("The support set is empty.");
        ConceptTokenSet.CheckTokenNum(tokenNum);
        return ConceptTokenSet.Count(tokens.cpu().flatten().data<long>().ToArray(), tokenNum);
    }
}
