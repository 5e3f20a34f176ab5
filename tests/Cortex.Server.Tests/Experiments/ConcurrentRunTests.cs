using System.Text.Json.Nodes;
using Cortex.Server.Tests.Api;

namespace Cortex.Server.Tests.Experiments;

/// <summary><c>Cortex:MaxConcurrentExperiments</c> does what it says: that many runs make progress at the same time.</summary>
public sealed class ConcurrentRunTests
{
    [Fact]
    public async Task Two_slots_run_two_experiments_side_by_side_on_the_built_in_model()
    {
        await using var server = await ServerFixture.StartAsync(settings: new Dictionary<string, string> { ["Cortex:MaxConcurrentExperiments"] = "2" });
        var (dot, bar) = (await server.CreateConceptAsync("dot", "purple square with dot"), await server.CreateConceptAsync("bar", "purple square with bar"));
        object Run(string name) => new
        {
            name, method = "codebook-level", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { steps = 20_000, decodeEvery = 1000, sourceConceptId = dot, targetConceptId = bar }),
        };
        var ids = new[] { (await server.CreateExperimentAsync(Run("first")))["id"]!.GetValue<string>(), (await server.CreateExperimentAsync(Run("second")))["id"]!.GetValue<string>() };

        // Both must be past their start and still running at one moment; with one slot the second waits queued.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        JsonObject[] seen;
        do
        {
            await Task.Delay(200);
            seen = await Task.WhenAll(ids.Select(server.GetExperimentAsync));
            Assert.All(seen, e => Assert.DoesNotContain(e["status"]!.GetValue<string>(), new[] { "failed", "succeeded", "cancelled", "interrupted" }));
        }
        while (!seen.All(e => e["status"]!.GetValue<string>() == "running" && e["progress"]!.GetValue<double>() > 0) && DateTime.UtcNow < deadline);

        Assert.All(seen, e => Assert.Equal("running", e["status"]!.GetValue<string>()));
        Assert.All(seen, e => Assert.True(e["progress"]!.GetValue<double>() > 0, $"{e["name"]} has made no progress"));
        foreach (var id in ids) (await server.Http.PostAsync($"/api/experiments/{id}/cancel", null)).EnsureSuccessStatusCode();
        foreach (var id in ids) await server.WaitForAsync(id, TimeSpan.FromMinutes(2), "cancelled");
    }
}
