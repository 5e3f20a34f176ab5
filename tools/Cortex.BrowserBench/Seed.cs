using Cortex.Server.Storage;
using Cortex.Web.Contracts;
using Cortex.Web.Services;

namespace Cortex.BrowserBench;

/// <summary>What the benchmark stores before it measures: two concepts and a long experiment history.</summary>
static class Seed
{
    public static (string Red, string Blue) Concepts(IServiceProvider services)
    {
        var concepts = services.GetRequiredService<IConceptService>();
        string Create(string name, string className) =>
            concepts.CreateAsync(new ConceptRequest { Name = name, ClassName = className, Source = "encoded" }, "bench").GetAwaiter().GetResult().Value!.Id;
        return (Create("red circles", "red circle"), Create("blue squares", "blue square"));
    }

    /// <summary>Finished experiments written straight to the database, as a long-lived server would hold them (the worker never sees them).</summary>
    public static int Experiments(IServiceProvider services, string red, string blue, int count)
    {
        var start = DateTime.UtcNow.AddDays(-count);
        var documents = Enumerable.Range(0, count).Select(i => new ExperimentDocument
        {
            Id = Ids.New(), Name = $"history {i}", ModelId = "builtin", ConceptIds = [red, blue], Method = (ExperimentMethod)(i % 5),
            Parameters = new ExperimentParameters(), Status = ExperimentStatus.Succeeded, CreatedBy = "bench",
            CreatedAt = start.AddDays(i), QueuedAt = start.AddDays(i), StartedAt = start.AddDays(i), FinishedAt = start.AddDays(i).AddMinutes(1),
            Summary = new ExperimentSummary { Figures = { ["extractor.test_accuracy"] = 1 } },
        });
        return services.GetRequiredService<CortexDatabase>().Experiments.InsertBulk(documents);
    }
}
