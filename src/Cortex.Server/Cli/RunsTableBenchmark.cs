using System.Diagnostics;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Cli;

/// <summary>
/// The runs table's first page at <see cref="Options.Experiments"/> stored experiments (the bench verb's <c>runs-table</c>
/// part): a fresh data file filled with runs of every method, each with a summary the size a real run leaves, then each of
/// the table's typical queries timed from the database call to the page's documents in hand — the first time (the file
/// cold in this process) and the median of the repeats.
/// </summary>
public static class RunsTableBenchmark
{
    public sealed record Options(int Experiments = 5000, int Repeats = 7);

    public sealed record Timing(string Query, double FirstMs, double MedianMs, int Total, int Rows);

    public sealed record Result(int Experiments, int PageSize, double FillSeconds, long FileBytes, IReadOnlyList<Timing> Queries)
    {
        public IEnumerable<string> Summary() => Queries.Select(q =>
            $"runs table at {Experiments} experiments, {q.Query}: first page {q.FirstMs} ms (median {q.MedianMs} ms, {q.Total} matching)");
    }

    static readonly (string Name, ExperimentQuery Query)[] Queries =
    [
        ("newest first", new ExperimentQuery()),
        ("sorted by deletion AUC", new ExperimentQuery(Sort: "deletion_auc", Descending: false)),
        ("sorted by target probability, steps > 200", new ExperimentQuery(Sort: "target_prob", Filters: new Dictionary<string, string> { ["steps"] = "> 200" })),
        ("filtered by concept name and method", new ExperimentQuery(Filters: new Dictionary<string, string> { ["concepts"] = "concept 7", ["method"] = "evaluation" })),
        ("page 50 by name", new ExperimentQuery(Page: 50, Sort: "name")),
    ];

    public static Result Run(Options options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cortex-bench-runs-").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            using (var database = CortexDatabase.Open(directory)) Fill(database, options.Experiments);
            var fill = watch.Elapsed.TotalSeconds;
            using var opened = CortexDatabase.Open(directory);
            var timings = new List<Timing>();
            foreach (var (name, query) in Queries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var times = new List<double>();
                int total = 0, rows = 0;
                for (var i = 0; i < options.Repeats; i++)
                {
                    watch.Restart();
                    rows = RunsTable.Page(opened, Workspaces.DefaultId, null, false, query, out total).Count;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                timings.Add(new Timing(name, Math.Round(times[0], 1), Math.Round(times.Order().ElementAt(times.Count / 2), 1), total, rows));
            }
            return new Result(options.Experiments, new ExperimentQuery().PageSize, Math.Round(fill, 1), new FileInfo(opened.Path).Length, timings);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs of every method on 20 concepts, with figures and token sets like a real run's, in one transaction.</summary>
    static void Fill(CortexDatabase database, int count)
    {
        var random = new Random(1);
        var concepts = Enumerable.Range(0, 20).Select(i => new StoredConcept
        {
            Id = $"c{i}", Name = $"concept {i}", ModelId = "builtin", CreatedBy = "bench", UpdatedBy = "bench",
        }).ToList();
        database.Concepts.InsertBulk(concepts);
        var methods = Enum.GetValues<ExperimentMethod>();
        var start = DateTime.UtcNow.AddDays(-30);
        database.Experiments.InsertBulk(Enumerable.Range(0, count).Select(i =>
        {
            var method = methods[i % methods.Length];
            var pair = new[] { concepts[random.Next(20)], concepts[random.Next(20)] };
            var figures = new Dictionary<string, double> { ["extractor.val_accuracy"] = random.NextDouble(), ["extractor.test_accuracy"] = random.NextDouble() };
            foreach (var judge in new[] { "cnn", "mlp" })
            {
                if (method == ExperimentMethod.CodebookLevel) figures[$"codebook.{judge}.target_prob_after"] = Math.Round(random.NextDouble(), 4);
                if (method == ExperimentMethod.Evaluation)
                    foreach (var space in new[] { "pixel", "token" }) figures[$"masking.{space}.{judge}.tis_drop"] = Math.Round(random.NextDouble(), 4);
            }
            if (method == ExperimentMethod.Evaluation)
                foreach (var tis in new[] { "gradient", "smoothgrad", "grad_x_input", "integrated_gradients" }) figures[$"deletion_auc.{tis}"] = Math.Round(random.NextDouble(), 4);
            if (method == ExperimentMethod.ShortcutReview) figures["shortcut.cliffs_delta.grass"] = Math.Round(random.NextDouble() * 2 - 1, 4);
            return new StoredExperiment
            {
                Id = $"bench{i:D5}", Name = $"run {i}", ModelId = "builtin", ConceptIds = [.. pair.Select(c => c.Id).Distinct()], Method = method,
                Parameters = new StoredExperimentParameters { Steps = 100 + random.Next(5) * 100, Seed = i },
                Status = ExperimentStatus.Succeeded, CreatedBy = "bench", CreatedAt = start.AddMinutes(i), FinishedAt = start.AddMinutes(i + 1),
                Summary = new StoredExperimentSummary
                {
                    Figures = figures,
                    TokenSets = pair.DistinctBy(c => c.Id).ToDictionary(c => c.Name, _ => Enumerable.Range(0, 10).Select(_ => new StoredTokenCount(random.Next(1024), random.Next(1, 64))).ToList()),
                    FrequencySets = pair.DistinctBy(c => c.Id).ToDictionary(c => c.Name, _ => Enumerable.Range(0, 10).Select(_ => new StoredTokenCount(random.Next(1024), random.Next(1, 64))).ToList()),
                },
            };
        }));
    }
}
