namespace Cortex.Web.Tests.Fakes;

public sealed class FakeCodebookService : ICodebookService
{
    public CodebookUsage? Usage { get; set; } = new("builtin", 16, 100, Enumerable.Range(0, 16).Select(i => i / 120.0).ToList());
    public Dictionary<(string Experiment, string Concept), Dictionary<long, double>> Importance { get; } = [];
    public List<TokenAppearance> Appearances { get; } = [];

    public string? UnavailableReason { get; set; }

    public string? Unavailable(string modelId) => UnavailableReason;

    public Task<CodebookUsage?> UsageAsync(string modelId, CancellationToken cancellationToken = default) => Task.FromResult(modelId == Usage?.ModelId ? Usage : null);

    public Task<IReadOnlyDictionary<long, double>?> ImportanceAsync(string experimentId, string conceptName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<long, double>?>(Importance.GetValueOrDefault((experimentId, conceptName)));

    public Task<IReadOnlyList<TokenAppearance>> AppearancesAsync(long token, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TokenAppearance>>(Appearances.Where(a => a.Token == token).ToList());
}
