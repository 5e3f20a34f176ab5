using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>What both experiment pages (the members' page and the public share page) load besides the experiment itself.</summary>
public static class ExperimentView
{
    /// <summary>Tokens per side and the evaluators of the experiment's model; 0 and none while the model is not registered.</summary>
    public static async Task<(int GridSize, IReadOnlyList<string> Evaluators)> ModelOfAsync(IModelCatalog catalog, ExperimentDocument? experiment)
    {
        var model = (await catalog.ListAsync()).FirstOrDefault(m => m.Id == experiment?.ModelId);
        return (model?.GridSize ?? 0, model?.Evaluators ?? []);
    }

    /// <summary>The stored frames the live view replays: a codebook-level run's, none for other methods.</summary>
    public static async Task<IReadOnlyList<StoredFrame>> FramesAsync(IExperimentService experiments, ExperimentDocument experiment) =>
        experiment.Method == ExperimentMethod.CodebookLevel ? await experiments.FramesAsync(experiment.Id) : [];

    /// <summary>Whether a status message tells of a status the page does not show yet (so it reloads).</summary>
    public static bool IsNews(StatusMessage status, ExperimentDocument? shown) =>
        shown is not null && !string.Equals(status.Status, shown.Status.ToString(), StringComparison.OrdinalIgnoreCase);
}
