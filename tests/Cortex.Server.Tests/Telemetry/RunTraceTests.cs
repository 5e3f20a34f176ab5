using System.Collections.Concurrent;
using System.Diagnostics;
using Cortex.Server.Storage;
using Cortex.Server.Telemetry;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Telemetry;

/// <summary>The spans of a real run, read with an <see cref="ActivityListener"/> on the <c>Cortex</c> source.</summary>
public sealed class RunTraceTests
{
    [Fact]
    public async Task A_run_has_one_span_tagged_with_its_experiment_that_continues_the_stored_trace_with_a_span_per_stage()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CortexTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await ServerFixture.StartAsync();
        var (dot, bar) = (await server.CreateConceptAsync("dot", "purple square with dot"), await server.CreateConceptAsync("bar", "purple square with bar"));
        var id = (await server.CreateExperimentAsync(new
        {
            name = "traced", method = "codebook-level", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { steps = 30, decodeEvery = 10, sourceConceptId = dot, targetConceptId = bar }),
        }))["id"]!.GetValue<string>();
        await server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        var stored = server.Services.GetRequiredService<CortexDatabase>().Experiments.FindById(id);

        // Other tests' servers share the process and the source: only this experiment's spans count.
        var ours = stopped.Where(a => a.GetTagItem(Tags.ExperimentId) as string == id).ToList();
        var queued = Assert.Single(ours, a => a.OperationName == "experiment queued");
        Assert.Equal(ActivityKind.Producer, queued.Kind);
        Assert.Equal(queued.Id, stored.TraceParent);
        var run = Assert.Single(ours, a => a.OperationName == "experiment run");
        Assert.Equal(ActivityKind.Consumer, run.Kind);
        Assert.Equal((queued.TraceId, queued.SpanId), (run.TraceId, run.ParentSpanId));
        Assert.Equal(("codebook-level", "cpu", Cortex.Server.Cluster.ClusterHosting.LocalWorkerName, "builtin", "succeeded"),
            (run.GetTagItem(Tags.Method), run.GetTagItem(Tags.Device), run.GetTagItem(Tags.Worker), run.GetTagItem(Tags.Model), run.GetTagItem(Tags.Status)));
        Assert.Equal(ActivityStatusCode.Ok, run.Status);
        Assert.Equal(["queued", "running"], run.Events.Select(e => e.Name));
        Assert.Equal(stored.QueuedAt!.Value.ToUniversalTime(), run.StartTimeUtc, TimeSpan.FromMilliseconds(1));

        // One child span per stage, in the order the run went through them, each inside the run's span.
        var stages = stopped.Where(a => a.ParentSpanId == run.SpanId && a.TraceId == run.TraceId).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal([.. RunStages.Of(ExperimentMethod.CodebookLevel), RunStages.Done], stages.Select(s => s.GetTagItem(Tags.Stage) as string));
        Assert.All(stages, s => Assert.True(s.StartTimeUtc >= run.StartTimeUtc && s.StartTimeUtc + s.Duration <= run.StartTimeUtc + run.Duration,
            $"{s.OperationName} lies outside the run's span"));
        Assert.True(stages.Zip(stages.Skip(1)).All(p => p.Second.StartTimeUtc >= p.First.StartTimeUtc + p.First.Duration), "stages must not overlap");
    }
}
