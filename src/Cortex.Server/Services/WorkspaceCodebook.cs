using Cortex.Server.Accounts;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// The codebook as one workspace sees it: the model's usage (shared by all, from <see cref="CodebookService"/>),
/// and each entry's importance and appearances in that workspace's experiments only.
/// </summary>
public sealed class WorkspaceCodebook(CodebookService codebook, IExperimentService experiments, CortexDatabase database, WorkspaceScope scope) : ICodebookService
{
    public string? Unavailable(string modelId) => codebook.Unavailable(modelId);

    public Task<CodebookUsage?> UsageAsync(string modelId, CancellationToken cancellationToken = default) => codebook.UsageAsync(modelId, cancellationToken);

    public async Task<IReadOnlyDictionary<long, double>?> ImportanceAsync(string experimentId, string conceptName, CancellationToken cancellationToken = default)
    {
        if (await experiments.SaliencyAsync(experimentId, cancellationToken) is not { } saliency) return null;
        var concept = saliency.Concepts.ToList().IndexOf(conceptName);
        if (concept < 0) return null;
        var (sum, count) = (new Dictionary<long, double>(), new Dictionary<long, int>());
        for (var i = 0; i < saliency.Count; i++)
        {
            if (saliency.ConceptOf[i] != concept) continue;
            for (var q = 0; q < saliency.Tokens[i].Length; q++)
            {
                var token = saliency.Tokens[i][q];
                sum[token] = sum.GetValueOrDefault(token) + saliency.Tis[i][q];
                count[token] = count.GetValueOrDefault(token) + 1;
            }
        }
        return sum.ToDictionary(s => s.Key, s => s.Value / count[s.Key]);
    }

    public Task<IReadOnlyList<TokenAppearance>> AppearancesAsync(long token, CancellationToken cancellationToken = default)
    {
        var found = new List<TokenAppearance>();
        if (scope.Workspace is not { } workspace) return Task.FromResult<IReadOnlyList<TokenAppearance>>([]);
        foreach (var experiment in database.Experiments.Find(e => e.WorkspaceId == workspace).Where(e => e.Status == ExperimentStatus.Succeeded))
        {
            if (experiment.Summary is not { } summary) continue;
            foreach (var (kind, sets) in new[] { ("tis", summary.TokenSets), ("frequency", summary.FrequencySets) })
            foreach (var (concept, set) in sets)
            {
                var rank = set.FindIndex(e => e.Token == token);
                if (rank >= 0) found.Add(new TokenAppearance(token, experiment.Id, experiment.Name, concept, kind, rank + 1, set[rank].Count, experiment.CreatedAt));
            }
        }
        return Task.FromResult<IReadOnlyList<TokenAppearance>>([.. found.OrderBy(a => a.Kind).ThenBy(a => a.Rank).ThenByDescending(a => a.CreatedAt)]);
    }
}
