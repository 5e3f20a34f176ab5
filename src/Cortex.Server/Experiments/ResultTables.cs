using Cortex.Compute.Runs;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// An experiment's results as CSV tables for its export: what the summary, the evaluation report, the
/// findings and the annotations hold, one table each, a row per number, every evaluator and method in it.
/// </summary>
public static class ResultTables
{
    /// <summary>Every summary figure with its stored key and the name pages show.</summary>
    public static CsvText Figures(ExperimentSummary summary)
    {
        var csv = new CsvText("figure", "name", "value");
        foreach (var (key, value) in summary.Figures.OrderBy(f => f.Key, StringComparer.Ordinal)) csv.Row(key, FigureNames.Describe(key), value);
        return csv;
    }

    /// <summary>What the run checked about itself: each check, whether it passed, what it measured against which line, and why it matters.</summary>
    public static CsvText Checks(ExperimentSummary summary)
    {
        var csv = new CsvText("check", "passed", "value", "threshold", "sentence");
        foreach (var check in summary.Checks) csv.Row(check.Name, check.Passed ? "true" : "false", check.Value, check.Threshold, check.Sentence);
        return csv;
    }

    /// <summary>Each concept's TIS token set and its frequency baseline, rank by rank.</summary>
    public static CsvText TokenSets(ExperimentSummary summary)
    {
        var csv = new CsvText("concept", "kind", "rank", "token", "count");
        foreach (var (kind, sets) in new[] { ("tis", summary.TokenSets), ("frequency", summary.FrequencySets) })
        foreach (var (concept, set) in sets)
            for (var r = 0; r < set.Count; r++) csv.Row(concept, kind, r + 1, set[r].Token, set[r].Count);
        return csv;
    }

    /// <summary>The probability drop after masking the n highest-TIS versus n random positions, per space, evaluator and n.</summary>
    public static CsvText Masking(EvaluationReport report)
    {
        var csv = new CsvText("space", "evaluator", "positions_masked", "tis_drop", "random_drop", "images");
        foreach (var (space, table) in new[] { ("pixel", report.Masking.Pixel), ("token", report.Masking.Token) })
        foreach (var (evaluator, drops) in table)
            for (var i = 0; i < report.Masking.Ns.Count; i++)
                csv.Row(space, evaluator, report.Masking.Ns[i], drops.TisDrop.ElementAtOrDefault(i), drops.RandomDrop.ElementAtOrDefault(i), report.Masking.Images);
        return csv;
    }

    /// <summary>Each method's deletion curve point by point, with the area under it.</summary>
    public static CsvText DeletionCurves(EvaluationReport report)
    {
        var csv = new CsvText("method", "fraction_deleted", "probability", "area_under_curve");
        foreach (var (method, curve) in report.DeletionCurves)
            for (var i = 0; i < Math.Min(curve.X.Count, curve.Y.Count); i++)
                csv.Row(method, curve.X[i], curve.Y[i], report.DeletionAuc.TryGetValue(method, out var area) ? area : (double?)null);
        return csv;
    }

    public static CsvText Sanity(SanityCheck sanity)
    {
        var csv = new CsvText("method", "spearman_trained_vs_random", "extractor", "images");
        foreach (var (method, rho) in sanity.Correlation) csv.Row(method, rho, sanity.Extractor, sanity.Images);
        return csv;
    }

    public static CsvText Localization(LocalizationTable localization)
    {
        var csv = new CsvText("method", "precision", "random_precision", "top_k", "images");
        foreach (var (method, precision) in localization.Precision) csv.Row(method, precision, localization.Random, localization.K, localization.Images);
        return csv;
    }

    /// <summary>The findings raised on the experiment, their evidence as "name=value" pairs.</summary>
    public static CsvText Findings(IEnumerable<FindingDocument> findings)
    {
        var csv = new CsvText("id", "title", "status", "tokens", "evidence", "reviewer", "created_at", "updated_at");
        foreach (var f in findings)
            csv.Row(f.Id, f.Title, f.Status.ToString().ToLowerInvariant(), string.Join(' ', f.Tokens),
                string.Join("; ", f.Evidence.Select(e => FormattableString.Invariant($"{e.Key}={e.Value}"))), f.Reviewer, Time(f.CreatedAt), Time(f.UpdatedAt));
        return csv;
    }

    public static CsvText Annotations(IEnumerable<AnnotationDocument> annotations)
    {
        var csv = new CsvText("id", "author", "created_at", "target", "image", "position", "token", "finding", "text");
        foreach (var a in annotations.OrderBy(a => a.CreatedAt))
            csv.Row(a.Id, a.Author, Time(a.CreatedAt), a.Target.ToString().ToLowerInvariant(), a.ImageIndex, a.Position, a.TokenId, a.FindingId, a.Text);
        return csv;
    }

    static string Time(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
