using System.Globalization;
using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

public enum RunColumnKind { Text, Number, Time }

/// <summary>
/// One column of the runs table: its key (in the URL and the list query), its header, what kind of filter it takes,
/// the unit its numbers are in, whether it shows before anyone chooses, and the cell it shows for a run.
/// </summary>
public sealed record RunColumn(string Key, string Header, RunColumnKind Kind, bool Shown, Func<ExperimentDocument, object?> Value, string Unit = "", bool Sortable = true)
{
    public string Cell(ExperimentDocument run) => Value(run) switch
    {
        null => "",
        double number => number.ToString("0.####", CultureInfo.InvariantCulture),
        DateTime at => DisplayTime.Format(at),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The header with its unit, as the table and the column chooser print it.</summary>
    public string Title => Unit.Length == 0 ? Header : $"{Header} ({Unit})";
}

/// <summary>The runs table's columns, the same on the page and in the server's query (which maps each key to a stored field).</summary>
public static class RunColumns
{
    public const string Created = "created";

    public static IReadOnlyList<RunColumn> All { get; } =
    [
        new("name", "name", RunColumnKind.Text, true, r => r.Name),
        new("status", "status", RunColumnKind.Text, true, r => r.Status.ToString().ToLowerInvariant()),
        new("method", "method", RunColumnKind.Text, true, r => ExperimentMethodNames.Name(r.Method)),
        // Names live in the concepts, not the run: the table filters by them but cannot order runs by them in the database.
        new("concepts", "concepts", RunColumnKind.Text, true, r => r.ConceptIds.Count, Sortable: false),
        new("model", "model", RunColumnKind.Text, true, r => r.ModelId),
        new("extractor", "extractor", RunColumnKind.Text, true, r => r.Parameters.Extractor),
        new("tis", "TIS method", RunColumnKind.Text, true, r => r.Parameters.TisMethod),
        new("reduction", "reduction", RunColumnKind.Text, false, r => r.Parameters.Reduction),
        new("images", "images per concept", RunColumnKind.Number, false, r => r.Parameters.ImagesPerConcept),
        new("top_n", "top n", RunColumnKind.Number, false, r => r.Parameters.TopN),
        new("token_num", "tokens kept", RunColumnKind.Number, false, r => r.Parameters.TokenNum),
        new("steps", "steps", RunColumnKind.Number, true, r => r.Parameters.Steps),
        new("learning_rate", "learning rate", RunColumnKind.Number, false, r => r.Parameters.LearningRate),
        new("seed", "seed", RunColumnKind.Number, false, r => r.Parameters.Seed),
        new("target_prob", "target prob. after edit", RunColumnKind.Number, true, r => r.Headline?.TargetProbability, "probability"),
        new("deletion_auc", "deletion AUC", RunColumnKind.Number, true, r => r.Headline?.DeletionAuc, "area"),
        new("masking_drop", "masking drop at n", RunColumnKind.Number, true, r => r.Headline?.MaskingDrop, "probability"),
        new("cliffs_delta", "Cliff's δ", RunColumnKind.Number, true, r => r.Headline?.CliffsDelta, "−1…1"),
        new(Created, "created", RunColumnKind.Time, true, r => r.CreatedAt, "UTC"),
    ];

    public static RunColumn? Find(string key) => All.FirstOrDefault(c => c.Key == key);
}
