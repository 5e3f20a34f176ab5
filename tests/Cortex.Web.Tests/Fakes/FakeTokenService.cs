namespace Cortex.Web.Tests.Fakes;

public sealed class FakeTokenService : ITokenService
{
    public Dictionary<long, TokenExamples> Examples { get; } = [];
    public Dictionary<long, List<ClassShare>> ClassShares { get; } = [];
    public Dictionary<long, List<TokenNeighbour>> Neighbours { get; } = [];
    public Dictionary<long, string> Labels { get; } = [];
    public List<TokenHit> Hits { get; } = [];
    /// <summary>How many times a page read a model's labels.</summary>
    public int LabelReads { get; private set; }

    public Task<TokenExamples> ExamplesAsync(string modelId, long token, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(Examples.TryGetValue(token, out var examples) ? examples with { Top = [.. examples.Top.Take(count)] } : new TokenExamples([], [], 0));

    public Task<IReadOnlyList<ClassShare>> ClassSharesAsync(string modelId, long token, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ClassShare>>(ClassShares.GetValueOrDefault(token) ?? []);

    public Task<IReadOnlyList<TokenNeighbour>> NeighboursAsync(string modelId, long token, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TokenNeighbour>>([.. (Neighbours.GetValueOrDefault(token) ?? []).Take(count)]);

    public Task<IReadOnlyDictionary<long, string>> LabelsAsync(string modelId, CancellationToken cancellationToken = default)
    {
        LabelReads++;
        return Task.FromResult<IReadOnlyDictionary<long, string>>(Labels.ToDictionary());
    }

    public Task<ServiceResult<IReadOnlyList<TokenLabel>>> LabelListAsync(string modelId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ServiceResult<IReadOnlyList<TokenLabel>>.Ok([.. Labels.OrderBy(l => l.Key).Select(l => new TokenLabel(l.Key, l.Value, "tester", DateTime.UtcNow))]));

    public Task<ServiceResult<TokenLabel?>> SetLabelAsync(string modelId, long token, string? label, string user, CancellationToken cancellationToken = default)
    {
        var text = label?.Trim() ?? "";
        if (text.Length > ITokenService.MaxLabelLength)
            return Task.FromResult(ServiceResult<TokenLabel?>.Invalid(new Dictionary<string, string[]> { ["label"] = [$"A label is a short name: at most {ITokenService.MaxLabelLength} characters."] }));
        if (text.Length == 0)
        {
            Labels.Remove(token);
            return Task.FromResult(ServiceResult<TokenLabel?>.Ok(null));
        }
        Labels[token] = text;
        return Task.FromResult(ServiceResult<TokenLabel?>.Ok(new TokenLabel(token, text, user, DateTime.UtcNow)));
    }

    public Task<IReadOnlyList<TokenHit>> SearchAsync(string modelId, string text, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TokenHit>>([.. Hits.Where(h => h.Text.Contains(text, StringComparison.OrdinalIgnoreCase))]);
}
