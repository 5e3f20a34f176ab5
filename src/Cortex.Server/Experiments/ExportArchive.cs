using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Cortex.Compute.Models;
using Cortex.Compute.Runs;
using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>
/// An experiment as one zip that reads without Cortex, whatever its method: <c>README.txt</c> says what each
/// entry holds; <c>experiment.json</c> is the spec and summary; <c>results/</c> holds every result as a CSV table
/// (summary figures, token sets, the evaluation report, findings, annotations); <c>figures/</c> every figure as
/// PNG under a name in words; <c>files/</c> every stored file exactly as the run wrote it, for scripts.
/// </summary>
public static class ExportArchive
{
    sealed record Entry(string Name, byte[] Bytes, string About);

    /// <summary>What the stored files hold, for the index; a file not named here is listed by its name alone.</summary>
    static readonly Dictionary<string, string> FileAbout = new()
    {
        ["tokens.npy"] = "token grid of every support image [images, rows, columns], int64",
        ["tis.npy"] = "TIS map of every support image [images, rows, columns], float32",
        ["labels.npy"] = "concept index of every support image, int64",
        ["images.npy"] = "decoded support images [images, 3, height, width], float32 in [0, 1]",
        ["tis.csv"] = "TIS of every position of every support image, with its token",
        ["token_sets.csv"] = "each concept's TIS token set and frequency baseline",
        ["token_sets.npy"] = "token sets [concepts, tokens], int64, -1 where a set is shorter",
        ["token_set_counts.npy"] = "how many support images hold each token of the sets, int64",
        ["source_tokens.npy"] = "token grid of the source image before the edit",
        ["final_tokens.npy"] = "token grid at the last step of the search",
        ["best_tokens.npy"] = "token grid at the step the evaluators rated best",
        [SearchCurve.Name] = "the search step by step: loss, the extractor's and each evaluator's target probability",
        [FrameLog.Name] = "the decoded frames of the search (replayed by the dashboard)",
        [EvaluationFile.Name] = "the evaluation report as the dashboard reads it",
    };

    /// <summary>The figures a run draws, under the names people look for.</summary>
    static readonly Dictionary<string, string> FigureNames = new()
    {
        ["saliency.png"] = "TIS maps of the first support images.png",
        ["before.png"] = "Source image before the edit.png",
        ["after.png"] = "Image after the edit (best step).png",
        ["deletion.png"] = "Deletion curves.png",
    };

    public static byte[] Build(ExperimentDocument experiment, Func<string, byte[]?> readFile, IReadOnlyList<FindingDocument> findings, IReadOnlyList<AnnotationDocument> annotations)
    {
        var entries = new List<Entry> { new("experiment.json", JsonSerializer.SerializeToUtf8Bytes(experiment, ModelCard.Json), "the experiment: its spec, status, summary and file list") };
        entries.AddRange(Results(experiment, readFile, findings, annotations));
        var stored = experiment.Files.Select(name => (Name: name, Bytes: readFile(name))).Where(f => f.Bytes is not null).ToList();
        foreach (var (name, bytes) in stored.Where(f => f.Name.EndsWith(".png", StringComparison.Ordinal) && !f.Name.StartsWith("frame-", StringComparison.Ordinal)))
            entries.Add(new($"figures/{FigureNames.GetValueOrDefault(name, name)}", bytes!, $"figure (files/{name})"));
        foreach (var (name, bytes) in stored)
            entries.Add(new($"files/{name}", bytes!, FileAbout.GetValueOrDefault(name) ?? (name.StartsWith("frame-", StringComparison.Ordinal) ? "a decoded frame of the search" : "")));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "README.txt", Index(experiment, entries));
            foreach (var entry in entries) Add(zip, entry.Name, entry.Bytes);
        }
        return buffer.ToArray();
    }

    static IEnumerable<Entry> Results(ExperimentDocument experiment, Func<string, byte[]?> readFile, IReadOnlyList<FindingDocument> findings, IReadOnlyList<AnnotationDocument> annotations)
    {
        var tables = new List<(string Name, CsvText Table, string About)>();
        if (experiment.Summary is { } summary)
        {
            tables.Add(("checks.csv", ResultTables.Checks(summary), "what the run checked about itself: each check, passed or not, its value, threshold and meaning"));
            tables.Add(("figures.csv", ResultTables.Figures(summary), "every summary figure: its key, its name in words and its value"));
            tables.Add(("token_sets.csv", ResultTables.TokenSets(summary), "each concept's TIS token set and frequency baseline"));
        }
        if (experiment.Files.Contains(EvaluationFile.Name) && readFile(EvaluationFile.Name) is { } json && EvaluationFile.Read(json) is var report)
        {
            tables.Add(("masking.csv", ResultTables.Masking(report), "probability drop masking the highest-TIS versus random positions, per space, evaluator and count"));
            tables.Add(("deletion_curves.csv", ResultTables.DeletionCurves(report), "each TIS method's deletion curve and its area"));
            if (report.Sanity is { } sanity) tables.Add(("sanity_check.csv", ResultTables.Sanity(sanity), "correlation of each method's maps between the trained and a randomized extractor"));
            if (report.Localization is { } localization) tables.Add(("localization.csv", ResultTables.Localization(localization), "share of each method's top positions on the ground-truth region"));
        }
        tables.Add(("findings.csv", ResultTables.Findings(findings), "the findings raised on this experiment"));
        tables.Add(("annotations.csv", ResultTables.Annotations(annotations), "the reviewers' annotations"));
        foreach (var (name, table, about) in tables.Where(t => t.Table.Rows > 0)) yield return new($"results/{name}", table.ToBytes(), about);
        if (experiment.Summary?.Notes is { Count: > 0 } notes) yield return new("results/notes.txt", Encoding.UTF8.GetBytes(string.Join('\n', notes) + "\n"), "what the run concluded, in words");
    }

    static byte[] Index(ExperimentDocument experiment, IEnumerable<Entry> entries)
    {
        var text = new StringBuilder()
            .AppendLine($"Cortex experiment '{experiment.Name}' ({experiment.Id})")
            .AppendLine($"{ExperimentMethodNames.Name(experiment.Method)}, {State(experiment)}; created by {experiment.CreatedBy}, {DisplayTime.Format(experiment.CreatedAt)}")
            .AppendLine();
        // First, before the index: nobody should open the results without knowing which checks they failed.
        if (experiment.SucceededWithWarnings)
        {
            text.AppendLine("WARNING: this run failed checks of its own (results/checks.csv), so its results cannot be trusted as they stand:");
            foreach (var check in experiment.FailedChecks()) text.AppendLine($"- {check.Name}: {check.Sentence}");
            text.AppendLine();
        }
        text.AppendLine("README.txt: this index");
        foreach (var entry in entries) text.AppendLine(entry.About.Length == 0 ? entry.Name : $"{entry.Name}: {entry.About}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    static string State(ExperimentDocument experiment) =>
        experiment.SucceededWithWarnings ? "succeeded with warnings" : experiment.Status.ToString().ToLowerInvariant();

    static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        entry.Write(bytes);
    }
}
