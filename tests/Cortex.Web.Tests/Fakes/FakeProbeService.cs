namespace Cortex.Web.Tests.Fakes;

/// <summary>
/// Probes in memory: a subject per experiment (its grids and labels); an answer's TIS is each cell's token id scaled to
/// [0, 1] and each evaluator's probability of the image's concept is the share of cells still holding their original token,
/// so edits visibly move both. Records every request it was asked.
/// </summary>
public sealed class FakeProbeService : IProbeService
{
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public Dictionary<string, (IReadOnlyList<string> Concepts, IReadOnlyList<long[]> Grids, IReadOnlyList<int> Labels)> Subjects { get; } = [];
    public Dictionary<string, string> Unavailable { get; } = [];
    public List<ProbeRequest> Requests { get; } = [];
    public int CodebookSize { get; set; } = 64;

    public Task<string?> UnavailableAsync(string experimentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Unavailable.TryGetValue(experimentId, out var reason) ? reason : Subjects.ContainsKey(experimentId) ? null : $"There is no experiment with id '{experimentId}'.");

    public Task<ServiceResult<ProbeResult>> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return Task.FromResult(Edited(request) is var (grid, error) && grid is null ? Refused<ProbeResult>(error!) : ServiceResult<ProbeResult>.Ok(Answer(request, grid!)));
    }

    public Task<ServiceResult<IReadOnlyDictionary<string, double[]>>> TisMethodsAsync(ProbeRequest request, CancellationToken cancellationToken = default)
    {
        if (Unavailable.TryGetValue(request.ExperimentId, out var reason)) return Task.FromResult(ServiceResult<IReadOnlyDictionary<string, double[]>>.Conflict(reason));
        var (grid, error) = Edited(request);
        if (grid is null) return Task.FromResult(Refused<IReadOnlyDictionary<string, double[]>>(error!));
        IReadOnlyDictionary<string, double[]> methods = new[] { "gradient", "smoothgrad", "gradient-x-input", "integrated-gradients", "occlusion" }
            .Select((m, k) => (m, grid.Select((t, cell) => (double)((t + k * cell) % CodebookSize)).ToArray())).ToDictionary(x => x.m, x => x.Item2);
        return Task.FromResult(ServiceResult<IReadOnlyDictionary<string, double[]>>.Ok(methods));
    }

    public Task<ServiceResult<IReadOnlyList<long>>> NeighboursAsync(string experimentId, long token, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(ServiceResult<IReadOnlyList<long>>.Ok([.. Enumerable.Range(1, count).Select(d => (token + d) % CodebookSize)]));

    (long[]? Grid, string? Error) Edited(ProbeRequest request)
    {
        if (!Subjects.TryGetValue(request.ExperimentId, out var subject)) return (null, $"There is no experiment with id '{request.ExperimentId}'.");
        var grid = subject.Grids[request.Image].ToArray();
        foreach (var edit in request.Edits)
        {
            if (edit.Token < 0 || edit.Token >= CodebookSize) return (null, $"Token {edit.Token} is not in the codebook (ids 0 to {CodebookSize - 1}).");
            grid[edit.Position] = edit.Token;
        }
        return (grid, null);
    }

    ProbeResult Answer(ProbeRequest request, long[] grid)
    {
        var subject = Subjects[request.ExperimentId];
        var original = subject.Grids[request.Image];
        var kept = grid.Zip(original).Count(p => p.First == p.Second) / (double)grid.Length;
        var concept = subject.Labels[request.Image];
        var probabilities = subject.Concepts.Select((_, k) => k == concept ? kept : (1 - kept) / Math.Max(1, subject.Concepts.Count - 1)).ToArray();
        return new ProbeResult((int)Math.Sqrt(grid.Length), grid, Png, subject.Concepts, concept,
            new Dictionary<string, double[]> { ["cnn"] = probabilities, ["mixer"] = probabilities }, probabilities,
            [.. grid.Select(t => t / (double)(CodebookSize - 1))], 12);
    }

    static ServiceResult<T> Refused<T>(string message) => ServiceResult<T>.Invalid(new Dictionary<string, string[]> { ["edits"] = [message] });
}
