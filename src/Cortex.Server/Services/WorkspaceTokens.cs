using Cortex.Server.Accounts;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// One codebook token as a workspace sees it: its examples and TIS from the workspace's stored maps, its use per
/// class and its neighbours from the model (shared by all, <see cref="CodebookService"/>), its label, and search.
/// </summary>
public sealed class WorkspaceTokens(CodebookService codebook, IExperimentService experiments, CortexDatabase database, WorkspaceScope scope, AuditLog audit, TimeProvider clock)
    : ITokenService
{
    const int MaxHits = 200;

    public async Task<TokenExamples> ExamplesAsync(string modelId, long token, int count, CancellationToken cancellationToken = default)
    {
        var (examples, tis, images) = (new List<TokenExample>(), new List<double>(), 0);
        foreach (var experiment in Succeeded(modelId).Where(e => e.Files.Contains("tis.npy")))
        {
            if (await experiments.SaliencyAsync(experiment.Id, cancellationToken) is not { } saliency) continue;
            images += saliency.Count;
            for (var i = 0; i < saliency.Count; i++)
            {
                var positions = Enumerable.Range(0, saliency.Tokens[i].Length).Where(q => saliency.Tokens[i][q] == token).ToList();
                if (positions.Count == 0) continue;
                var here = positions.Select(q => (double)saliency.Tis[i][q]).ToList();
                tis.AddRange(here);
                examples.Add(new TokenExample(experiment.Id, experiment.Name, saliency.Concepts[saliency.ConceptOf[i]], i, saliency.GridSize, positions, here));
            }
        }
        return new TokenExamples([.. examples.OrderByDescending(e => e.MaxTis).Take(count)], tis, images);
    }

    public Task<IReadOnlyList<ClassShare>> ClassSharesAsync(string modelId, long token, CancellationToken cancellationToken = default) =>
        codebook.ClassSharesAsync(modelId, token, cancellationToken);

    public Task<IReadOnlyList<TokenNeighbour>> NeighboursAsync(string modelId, long token, int count, CancellationToken cancellationToken = default) =>
        codebook.NeighboursAsync(modelId, token, count, cancellationToken);

    public Task<IReadOnlyDictionary<long, string>> LabelsAsync(string modelId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<long, string>>(Labels(modelId).ToDictionary(l => l.Token, l => l.Label));

    public Task<ServiceResult<IReadOnlyList<TokenLabel>>> LabelListAsync(string modelId, CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Models.FindById(modelId) is null
            ? ServiceResult<IReadOnlyList<TokenLabel>>.NotFound("model", modelId)
            : ServiceResult<IReadOnlyList<TokenLabel>>.Ok([.. Labels(modelId).OrderBy(l => l.Token).Select(l => new TokenLabel(l.Token, l.Label, l.SetBy, l.SetAt))]));

    public Task<ServiceResult<TokenLabel?>> SetLabelAsync(string modelId, long token, string? label, string user, CancellationToken cancellationToken = default)
    {
        if (scope.Workspace is not { } workspace) return Task.FromResult(ServiceResult<TokenLabel?>.Forbidden("Labels are for members of a workspace."));
        if (database.Models.FindById(modelId)?.Facts is not { } facts) return Task.FromResult(ServiceResult<TokenLabel?>.NotFound("model", modelId));
        if (token < 0 || token >= facts.CodebookSize) return Task.FromResult(ServiceResult<TokenLabel?>.NotFound($"token of model '{modelId}'", $"{token}"));
        var text = label?.Trim() ?? "";
        if (StoredText.NameProblem(text, ITokenService.MaxLabelLength) is { } problem)
            return Task.FromResult(ServiceResult<TokenLabel?>.Invalid(new Dictionary<string, string[]> { ["label"] = [$"A label is a short name: {problem}"] }));
        var id = TokenLabelDocument.IdOf(workspace, modelId, token);
        var before = database.TokenLabels.FindById(id)?.Label;
        var target = TokenAudit.Target(workspace, modelId, token);
        if (text.Length == 0)
        {
            if (database.TokenLabels.Delete(id)) audit.Record(user, "removed the label", "token", target, before ?? "");
            return Task.FromResult(ServiceResult<TokenLabel?>.Ok(null));
        }
        var stored = new TokenLabelDocument { Id = id, WorkspaceId = workspace, ModelId = modelId, Token = token, Label = text, SetBy = user, SetAt = clock.GetUtcNow().UtcDateTime };
        database.TokenLabels.Upsert(stored);
        audit.Record(user, before is null ? "labelled the token" : "relabelled the token", "token", target, before is null ? text : $"{before} → {text}");
        return Task.FromResult(ServiceResult<TokenLabel?>.Ok(new TokenLabel(token, text, user, stored.SetAt)));
    }

    public Task<IReadOnlyList<TokenHit>> SearchAsync(string modelId, string text, CancellationToken cancellationToken = default)
    {
        var wanted = text.Trim();
        if (wanted.Length == 0 || scope.Workspace is not { } workspace) return Task.FromResult<IReadOnlyList<TokenHit>>([]);
        bool Matches(string candidate) => candidate.Contains(wanted, StringComparison.OrdinalIgnoreCase);
        var hits = new List<TokenHit>();
        hits.AddRange(Labels(modelId).Where(l => Matches(l.Label)).OrderBy(l => l.Token).Select(l => new TokenHit(l.Token, "label", l.Label)));
        var modelOf = new Dictionary<string, string?>();
        string? ModelOf(StoredAnnotation a) => a.ModelId ?? (modelOf.TryGetValue(a.ExperimentId, out var known) ? known
            : modelOf[a.ExperimentId] = database.Experiments.FindById(a.ExperimentId)?.ModelId);
        hits.AddRange(database.Annotations.Find(a => a.WorkspaceId == workspace && a.TokenId != null).Where(a => Matches(a.Text) && ModelOf(a) == modelId)
            .OrderByDescending(a => a.CreatedAt).Select(a => new TokenHit(a.TokenId!.Value, "annotation", a.Text)));
        foreach (var experiment in Succeeded(modelId).OrderByDescending(e => e.CreatedAt))
        foreach (var (concept, set) in experiment.Summary?.TokenSets ?? [])
            if (Matches(concept)) hits.AddRange(set.Select(entry => new TokenHit(entry.Token, "concept", concept)));
        return Task.FromResult<IReadOnlyList<TokenHit>>([.. hits.DistinctBy(h => (h.Token, h.Why, h.Text)).Take(MaxHits)]);
    }

    IEnumerable<TokenLabelDocument> Labels(string modelId) =>
        scope.Workspace is { } workspace ? database.TokenLabels.Find(l => l.WorkspaceId == workspace && l.ModelId == modelId) : [];

    IEnumerable<StoredExperiment> Succeeded(string modelId) => scope.Workspace is { } workspace
        ? database.Experiments.Find(e => e.WorkspaceId == workspace && e.ModelId == modelId).Where(e => e.Status == ExperimentStatus.Succeeded)
        : [];
}
