using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Cortex.Server.Storage;
using Cortex.Server.Streaming;
using Cortex.Server.Telemetry;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Telemetry;

/// <summary>The <c>Cortex</c> meter, read with a <see cref="MeterListener"/> while real experiments run on a real server.</summary>
public sealed class CortexMeterTests
{
    [Fact]
    public async Task Queue_depth_runs_by_status_workers_run_duration_and_step_rate_follow_real_runs()
    {
        await using var server = await ServerFixture.StartAsync();
        using var meter = new MeterRecorder(server.Services.GetRequiredService<IMeterFactory>());
        var (dot, bar) = (await server.CreateConceptAsync("dot", "purple square with dot"), await server.CreateConceptAsync("bar", "purple square with bar"));
        async Task<string> SearchAsync(string name, int steps, int decodeEvery) => (await server.CreateExperimentAsync(new
        {
            name, method = "codebook-level", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { steps, decodeEvery, sourceConceptId = dot, targetConceptId = bar }),
        }))["id"]!.GetValue<string>();
        // One slot: the long search runs while the short one waits in the queue.
        var running = await SearchAsync("long", steps: 20_000, decodeEvery: 1000);
        var queued = await SearchAsync("short", steps: 30, decodeEvery: 10);
        await WaitForStatusAsync(server, running, "running");

        Assert.Equal(1, Assert.Single(meter.Observe("cortex.queue.depth")).Value);
        Assert.Equal(Counts(("queued", 1), ("running", 1)), ByStatus(meter));
        var workers = Assert.Single(meter.Observe("cortex.workers.alive"));
        Assert.Equal((1, "cpu"), (workers.Value, workers.Tag(Tags.Device)));

        (await server.Http.PostAsync($"/api/experiments/{running}/cancel", null)).EnsureSuccessStatusCode();
        await server.WaitForAsync(running, TimeSpan.FromMinutes(2), "cancelled");
        await server.WaitForAsync(queued, TimeSpan.FromMinutes(3), "succeeded");

        Assert.Equal(0, Assert.Single(meter.Observe("cortex.queue.depth")).Value);
        Assert.Equal(Counts(("cancelled", 1), ("succeeded", 1)), ByStatus(meter));
        var database = server.Services.GetRequiredService<CortexDatabase>();
        var durations = meter.Recorded("cortex.experiment.duration");
        Assert.Equal(2, durations.Count);
        foreach (var id in new[] { running, queued })
        {
            var stored = database.Experiments.FindById(id);
            var duration = Assert.Single(durations, d => d.Tag(Tags.Status) == stored.Status.ToString().ToLowerInvariant());
            Assert.Equal((stored.FinishedAt!.Value - stored.StartedAt!.Value).TotalSeconds, duration.Value, 0.005);
            Assert.Equal(("codebook-level", "cpu"), (duration.Tag(Tags.Method), duration.Tag(Tags.Device)));
        }
        // Only the finished search reports a step rate; the cancelled one has no summary.
        var rate = Assert.Single(meter.Recorded("cortex.experiment.step_rate"));
        Assert.Equal(database.Experiments.FindById(queued).Summary!.Figures["codebook.steps_per_second"], rate.Value);
    }

    [Fact]
    public void A_client_queue_counts_each_message_it_drops_by_client_and_message_kind()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var meter = new MeterRecorder(factory);
        var queue = new ClientQueue(new CortexMetrics(factory).DroppedBy("hub"));
        // Three frames and two progress reports unread: the newest of each stays, two frames and one report are dropped.
        for (var step = 1; step <= 3; step++) queue.Enqueue(new FrameMessage { ExperimentId = "e", Step = step, Steps = 3, TargetProbability = [], Tokens = [], Changed = [] });
        for (var stage = 1; stage <= 2; stage++) queue.Enqueue(new ProgressMessage { ExperimentId = "e", Stage = "s", StageIndex = stage, StageCount = 2 });

        var dropped = meter.Recorded("cortex.stream.dropped");
        Assert.Equal(3, dropped.Sum(d => d.Value));
        Assert.All(dropped, d => Assert.Equal("hub", d.Tag(Tags.ClientKind)));
        Assert.Equal(2, dropped.Where(d => d.Tag(Tags.MessageKind) == "frame").Sum(d => d.Value));
        Assert.Equal(1, dropped.Where(d => d.Tag(Tags.MessageKind) == "progress").Sum(d => d.Value));
        Assert.Equal(queue.Dropped, (long)dropped.Sum(d => d.Value));
    }

    static Dictionary<string, double> Counts(params (string Status, int Count)[] nonZero) =>
        Enum.GetNames<ExperimentStatus>().Select(s => s.ToLowerInvariant()).ToDictionary(s => s, s => (double)nonZero.Where(n => n.Status == s).Sum(n => n.Count));

    static Dictionary<string, double> ByStatus(MeterRecorder meter) =>
        meter.Observe("cortex.experiments").ToDictionary(m => m.Tag(Tags.Status)!, m => m.Value);

    static async Task WaitForStatusAsync(ServerFixture server, string id, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        JsonObject experiment;
        while ((experiment = await server.GetExperimentAsync(id))["status"]!.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"experiment {id} is {experiment["status"]}, not {status}, after two minutes");
            await Task.Delay(100);
        }
    }
}
