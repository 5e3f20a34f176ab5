using System.Net.Http.Json;

namespace Cortex.Server.Tests.Api;

/// <summary>A restart with an experiment running: it becomes interrupted, can be queued again, and nothing stored is lost.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_marks_the_running_experiment_interrupted_and_keeps_every_result()
    {
        var first = await ServerFixture.StartAsync();
        var dot = await first.CreateConceptAsync("dot", "purple square with dot");
        var bar = await first.CreateConceptAsync("bar", "purple square with bar");
        var finished = (await first.CreateExperimentAsync(new { name = "kept", method = "sample-level", conceptIds = new[] { dot, bar }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        await first.WaitForAsync(finished, TimeSpan.FromMinutes(3), "succeeded");
        var tisBefore = await first.Http.GetByteArrayAsync($"/api/experiments/{finished}/files/tis.npy");

        var running = (await first.CreateExperimentAsync(new
        {
            name = "cut short", method = "codebook-level", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { steps = 20000, sourceConceptId = dot, targetConceptId = bar }),
        }))["id"]!.GetValue<string>();
        await first.WaitForAsync(running, TimeSpan.FromMinutes(3), "running");
        await first.StopAsync();

        await using var second = await ServerFixture.StartAsync(first.DataDirectory);
        var interrupted = await second.GetExperimentAsync(running);
        Assert.Equal("interrupted", interrupted["status"]!.GetValue<string>());
        Assert.Equal("succeeded", (await second.GetExperimentAsync(finished))["status"]!.GetValue<string>());
        Assert.Equal(tisBefore, await second.Http.GetByteArrayAsync($"/api/experiments/{finished}/files/tis.npy"));

        using var requeue = await second.Http.PostAsync($"/api/experiments/{running}/requeue", null);
        requeue.EnsureSuccessStatusCode();
        Assert.Contains((await requeue.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["status"]!.GetValue<string>(), new[] { "queued", "running" });
        using var cancel = await second.Http.PostAsync($"/api/experiments/{running}/cancel", null);
        cancel.EnsureSuccessStatusCode();
        await second.WaitForAsync(running, TimeSpan.FromSeconds(30), "cancelled");
    }
}
