using System.Collections.Concurrent;
using System.Diagnostics;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Tests.Api;

/// <summary>The live stream over a real SignalR connection (the official .NET client).</summary>
public sealed class StreamingTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _dot = "", _bar = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        _dot = await _server.CreateConceptAsync("dot", "green circle with dot");
        _bar = await _server.CreateConceptAsync("bar", "green circle with bar");
    }

    async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.Address, "/hubs/experiments"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(_server.ApiKey))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    Task<string> CreateSearchAsync(int steps) => _server.CreateExperimentAsync(new
    {
        name = "live", method = "codebook-level", conceptIds = new[] { _dot, _bar },
        parameters = ServerFixture.QuickParameters(new { steps, decodeEvery = 10, sourceConceptId = _dot, targetConceptId = _bar }),
    }).ContinueWith(t => t.Result["id"]!.GetValue<string>());

    [Fact]
    public async Task A_subscriber_receives_ordered_frames_and_the_final_status()
    {
        await using var connection = await ConnectAsync();
        var messages = new ConcurrentQueue<ExperimentMessage>();
        connection.On<FrameMessage>("frame", messages.Enqueue);
        connection.On<StatusMessage>("status", messages.Enqueue);
        connection.On<ProgressMessage>("progress", messages.Enqueue);
        var id = await CreateSearchAsync(steps: 60);
        await connection.InvokeAsync("Join", id);
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        await WaitUntil(() => messages.OfType<StatusMessage>().Any(s => s.Status == "succeeded"));

        var received = messages.ToList();
        Assert.All(received, m => Assert.Equal(id, m.ExperimentId));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence), "sequence numbers must grow");
        var frames = received.OfType<FrameMessage>().ToList();
        Assert.NotEmpty(frames);
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Step > p.First.Step), "frames must arrive in step order");
        Assert.Equal(60, frames[^1].Step);
        Assert.Equal(64, frames[^1].Tokens.Length);
        Assert.Contains(frames, f => f.Png is { Length: > 0 } && f.EvaluatorProbability is not null);
        // The run stamps each frame as it makes it, before the head publishes it (one clock here: worker and head share the process).
        Assert.All(frames, f => Assert.True(f.ProducedAt > DateTime.UtcNow.AddMinutes(-10) && f.ProducedAt <= f.PublishedAt,
            $"frame {f.Step}: produced {f.ProducedAt:O}, published {f.PublishedAt:O}"));
        var progress = received.OfType<ProgressMessage>().ToList();
        var stages = RunStages.Of(Web.Contracts.ExperimentMethod.CodebookLevel);
        Assert.All(progress, p => Assert.Equal((p.Stage == RunStages.Done ? RunStages.Done : stages[p.StageIndex - 1], stages.Count), (p.Stage, p.StageCount)));
        Assert.True(progress.Zip(progress.Skip(1)).All(p => (p.Second.StageIndex, p.Second.Fraction).CompareTo((p.First.StageIndex, p.First.Fraction)) >= 0), "progress must only move forward");
    }

    [Fact]
    public async Task A_late_joiner_gets_the_latest_state_first()
    {
        var id = await CreateSearchAsync(steps: 30);
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        await using var connection = await ConnectAsync();
        var messages = new ConcurrentQueue<ExperimentMessage>();
        connection.On<FrameMessage>("frame", messages.Enqueue);
        connection.On<StatusMessage>("status", messages.Enqueue);
        connection.On<ProgressMessage>("progress", messages.Enqueue);
        await connection.InvokeAsync("Join", id);
        await WaitUntil(() => messages.OfType<FrameMessage>().Any() && messages.OfType<StatusMessage>().Any());

        Assert.Equal(30, messages.OfType<FrameMessage>().Single().Step);
        Assert.Equal("succeeded", messages.OfType<StatusMessage>().Single().Status);
        var progress = messages.OfType<ProgressMessage>().Single();
        Assert.Equal((RunStages.Done, 3, 3, 1.0), (progress.Stage, progress.StageIndex, progress.StageCount, progress.Fraction));
    }

    [Fact]
    public async Task A_late_joiner_gets_the_curve_so_far_before_the_latest_frame()
    {
        var id = await CreateSearchAsync(steps: 30);
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        await using var connection = await ConnectAsync();
        var messages = new ConcurrentQueue<ExperimentMessage>();
        connection.On<HistoryMessage>("history", messages.Enqueue);
        connection.On<FrameMessage>("frame", messages.Enqueue);
        await connection.InvokeAsync("Join", id);
        await WaitUntil(() => messages.OfType<FrameMessage>().Any());

        var history = Assert.IsType<HistoryMessage>(messages.First());
        // Frames the worker's uplink skipped while the head was busy still reach the history, as points of the newer frame.
        var steps = history.Curve.Steps;
        Assert.Equal(Enumerable.Range(1, 30), steps);
        Assert.Equal(steps.Select(s => s % 10 == 0), history.Curve.EvaluatorProbability.Values.First().Select(p => p is not null));
        Assert.Equal(history.Sequence, messages.OfType<FrameMessage>().Single().Sequence);
    }

    [Fact]
    public async Task A_stalled_client_does_not_hold_the_experiment_back()
    {
        await using var stalled = await ConnectAsync();
        using var release = new SemaphoreSlim(0);
        var stalledFrames = 0;
        stalled.On<FrameMessage>("frame", async _ =>
        {
            Interlocked.Increment(ref stalledFrames);
            await release.WaitAsync();
        });
        var id = await CreateSearchAsync(steps: 200);
        await stalled.InvokeAsync("Join", id);

        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.True(stalledFrames <= 2, $"the stalled client handled {stalledFrames} frames while blocked");
        release.Release(1000);
    }

    [Fact]
    public async Task Cancelling_a_running_search_ends_it_within_a_second()
    {
        await using var connection = await ConnectAsync();
        var firstFrame = new TaskCompletionSource();
        connection.On<FrameMessage>("frame", _ => firstFrame.TrySetResult());
        var id = await CreateSearchAsync(steps: 20000);
        await connection.InvokeAsync("Join", id);
        await firstFrame.Task.WaitAsync(TimeSpan.FromMinutes(3));

        var clock = Stopwatch.StartNew();
        using var response = await _server.Http.PostAsync($"/api/experiments/{id}/cancel", null);
        response.EnsureSuccessStatusCode();
        var cancelled = await _server.WaitForAsync(id, TimeSpan.FromSeconds(10), "cancelled");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
    }

    static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for messages");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
