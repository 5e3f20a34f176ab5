using Cortex.EndToEnd;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Storage;
using Cortex.Web.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.BrowserBench;

/// <summary>
/// A long history of finished experiments, written straight to the server's store as a busy team
/// would have left it. Finished, so the worker leaves them alone and the run being measured is the
/// only compute.
/// </summary>
static class ExperimentSeeder
{
    static readonly ExperimentStatus[] Endings = [ExperimentStatus.Succeeded, ExperimentStatus.Succeeded, ExperimentStatus.Succeeded, ExperimentStatus.Failed, ExperimentStatus.Cancelled];
    static readonly string[] FigureNames = ["extractor.val_accuracy", "extractor.test_accuracy", "codebook.region_size", "codebook.steps_per_second", "codebook.cnn.target_prob_after"];

    public static async Task SeedAsync(LiveServer server, int count)
    {
        List<string> concepts = [await server.CreateConceptAsync("history: red circles", "red circle"), await server.CreateConceptAsync("history: blue squares", "blue square")];
        var store = server.Services.GetRequiredService<ExperimentStore>();
        var methods = Enum.GetValues<ExperimentMethod>();
        var random = new Random(1);
        var first = DateTime.UtcNow.AddHours(-count);
        for (var i = 0; i < count; i++)
        {
            var created = first.AddHours(i);
            var status = Endings[i % Endings.Length];
            store.Add(new StoredExperiment
            {
                Id = Ids.New(), Name = $"history {i:D4}", ModelId = ModelRegistry.BuiltInId, ConceptIds = [.. concepts], Method = methods[i % methods.Length],
                Parameters = new StoredExperimentParameters(), Status = status, Progress = 1, Stage = "done", CreatedBy = $"person {i % 7}",
                CreatedAt = created, QueuedAt = created, StartedAt = created.AddSeconds(1), FinishedAt = created.AddSeconds(30),
                Error = status == ExperimentStatus.Failed ? "The extractor did not converge." : null,
                Summary = status == ExperimentStatus.Succeeded ? new StoredExperimentSummary { Figures = FigureNames.ToDictionary(name => name, _ => random.NextDouble()) } : null,
            });
        }
    }
}
