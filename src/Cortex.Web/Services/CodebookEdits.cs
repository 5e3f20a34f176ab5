using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>
/// The two edits a codebook-level run keeps: the best (the decode step with the evaluators' highest
/// mean target probability, <c>after.png</c>) and the final one (the last step, <c>final.png</c>).
/// Results and the Live tab's replay name both the same way.
/// </summary>
public static class CodebookEdits
{
    public const string BestStepFigure = "codebook.best_step";

    public static int? BestStep(ExperimentSummary? summary) =>
        summary?.Figures.TryGetValue(BestStepFigure, out var step) == true ? (int)step : null;
}
