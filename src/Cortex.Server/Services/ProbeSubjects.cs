using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Probing;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Services;

/// <summary>
/// What probing an experiment reads from its stored results (its grids, labels, concepts and extractor weights), read once
/// per finished run and kept for the probes that follow: a person probing one image asks many times in a row.
/// </summary>
public sealed class ProbeSubjects(ExperimentStore store, CortexDatabase database) : IDisposable
{
    public const string PredatesProbing = "This run predates probing: it did not keep its trained extractor. Re-run it to probe its images.";

    readonly ComputedCache<(string Id, DateTime? Finished), ProbeSubject> _subjects = new(16);

    /// <summary>Why the experiment's images cannot be probed, or null when they can.</summary>
    public static string? Unavailable(StoredExperiment experiment) => experiment switch
    {
        { Status: not ExperimentStatus.Succeeded } => $"Probing opens once the run has succeeded; it is {experiment.Status.ToString().ToLowerInvariant()}.",
        _ when !experiment.Files.Contains("tokens.npy") => "Only sample- and concept-level runs keep their images' token grids; this run has none to probe.",
        _ when !experiment.Files.Contains(ExtractorWeights.FileName) => PredatesProbing,
        _ => null,
    };

    public Task<ProbeSubject> GetAsync(StoredExperiment experiment, CancellationToken cancellationToken) =>
        _subjects.GetAsync((experiment.Id, experiment.FinishedAt), () => Task.Run(() => Read(experiment), CancellationToken.None), cancellationToken);

    ProbeSubject Read(StoredExperiment experiment)
    {
        var tokens = NpyArray.Read(store.ReadFile(experiment.Id, "tokens.npy")!);
        var labels = NpyArray.Read(store.ReadFile(experiment.Id, "labels.npy")!).Int64();
        var cells = (int)(tokens.Shape[1] * tokens.Shape[2]);
        var ids = tokens.Int64();
        var concepts = experiment.ConceptIds.Select(id => database.Concepts.FindById(id)).ToList();
        var p = experiment.Parameters;
        return new ProbeSubject(experiment.ModelId, (int)tokens.Shape[1],
            [.. Enumerable.Range(0, (int)tokens.Shape[0]).Select(i => ids[(i * cells)..((i + 1) * cells)])], [.. labels.Select(l => (int)l)],
            [.. concepts.Select((c, k) => c?.Name ?? experiment.ConceptIds[k])],
            [.. concepts.Select((c, k) => c?.ClassId ?? throw new InvalidOperationException($"Concept '{experiment.ConceptIds[k]}' of the run no longer exists."))],
            ExtractorFactory.Parse(p.Extractor),
            new ImportanceOptions { Method = ImportanceNames.ParseMethod(p.TisMethod), Reduction = ImportanceNames.ParseReduction(p.Reduction), Seed = p.Seed },
            store.ReadFile(experiment.Id, ExtractorWeights.FileName)!);
    }

    public void Dispose() => _subjects.Dispose();
}

/// <summary>An experiment as probes see it: its model, grid side, stored grids and their labels, its concepts (name and class id in label order), its extractor and TIS settings.</summary>
public sealed record ProbeSubject(string ModelId, int GridSize, IReadOnlyList<long[]> Grids, IReadOnlyList<int> Labels, IReadOnlyList<string> Concepts,
    IReadOnlyList<int> ClassIds, ExtractorArchitecture Architecture, ImportanceOptions Importance, byte[] Weights)
{
    /// <summary>Image <see cref="ProbeRequest.Image"/>'s grid with the edits applied, or what is wrong with the request (by field).</summary>
    public (long[]? Grid, Dictionary<string, string[]> Errors) Edited(ProbeRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Image < 0 || request.Image >= Grids.Count)
        {
            errors["image"] = [$"The run stored images 0 to {Grids.Count - 1}; there is no image {request.Image}."];
            return (null, errors);
        }
        var grid = Grids[request.Image].ToArray();
        var bad = request.Edits.Where(e => e.Position < 0 || e.Position >= grid.Length).Select(e => $"Position {e.Position} is outside the {GridSize}×{GridSize} grid (0 to {grid.Length - 1}).").ToArray();
        if (bad.Length > 0)
        {
            errors["edits"] = bad;
            return (null, errors);
        }
        foreach (var edit in request.Edits) grid[edit.Position] = edit.Token;
        return (grid, errors);
    }
}
