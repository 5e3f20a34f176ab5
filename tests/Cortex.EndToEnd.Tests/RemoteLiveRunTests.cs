using Cortex.Server.Tests.Cli;

namespace Cortex.EndToEnd;

/// <summary>
/// A run on a remote worker, seen live: the head (this process, without a worker of its own) and one <c>cortex worker</c>
/// process share a <c>redis-server</c>; the worker's frames travel through the cluster to the head and on to the browser.
/// </summary>
public sealed class RemoteLiveRunTests
{
    const string WorkerName = "remote";
    const int FramesToSee = 10;

    [Fact]
    public async Task The_live_view_of_a_run_on_a_remote_worker_draws_its_frames_and_cancel_reaches_that_worker()
    {
        await using var scene = await ClusterScene.StartAsync("e2e-cluster");
        await scene.RunAsync(async () =>
        {
            scene.Step = "starting redis-server and the worker";
            var (_, cluster) = await scene.StartRedisAsync();
            var worker = scene.StartWorker(WorkerName, cluster);
            scene.Step = "starting the head";
            var head = scene.Head(await LiveServer.StartAsync(builder =>
            {
                builder.Configuration["Cortex:Cluster:Address"] = cluster;
                builder.Configuration["Cortex:Cluster:Certificate"] = scene.Certificate;
                builder.Configuration["Cortex:Cluster:LocalWorker"] = "false";
                builder.Configuration["Cortex:Cluster:SiloPort"] = "0";
            }));
            await ClusterScene.WaitUntilJoinedAsync(worker, TimeSpan.FromMinutes(2));

            scene.Step = "watching the remote run in Chromium";
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var source = await head.CreateConceptAsync($"remote red circles {suffix}", "red circle");
            var target = await head.CreateConceptAsync($"remote orange circles {suffix}", "orange circle");
            var request = (System.Text.Json.Nodes.JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(QuickCodebookRun.Request($"remote run {suffix}", source, target))!;
            // Long enough to stream while the page joins, on a busy machine too; the test cancels it once it has seen enough.
            request["parameters"]!["steps"] = 2_000;
            var id = await head.CreateExperimentAsync(request);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright);
            await using var user = await BrowserUser.OpenAsync(browser, head, "ada", 1280, 800);
            await user.GotoAsync($"/experiments/{id}");
            var counts = await (await user.Page.WaitForFunctionAsync("""
                n => {
                    const d = document.querySelector('.live-frames')?.dataset;
                    const live = d?.connection === 'live' && +d.framesReceived >= n && +d.framesDrawn >= n;
                    return live || d?.connection === 'replay' ? { connection: d.connection, received: +d.framesReceived, drawn: +d.framesDrawn } : null;
                }
                """, FramesToSee, new() { Timeout = 180_000 })).JsonValueAsync<LiveCounts>();
            Assert.True(counts.Connection == "live", $"the remote run ended before the page drew {FramesToSee} live frames");
            Assert.InRange(counts.Drawn, FramesToSee, counts.Received);
            var running = await head.GetAsync($"/api/experiments/{id}");
            Assert.Equal((WorkerName, "running"), (running["worker"]!.GetValue<string>(), running["status"]!.GetValue<string>()));
            await user.ScreenshotAsync("experiment-live-remote-worker");

            scene.Step = "cancelling the remote run";
            using (var cancel = await head.Http.PostAsync($"/api/experiments/{id}/cancel", null)) cancel.EnsureSuccessStatusCode();
            await head.WaitForStatusAsync(id, "cancelled", TimeSpan.FromMinutes(1));
            await user.ExpectHealthyAsync();
        });
    }

    sealed class LiveCounts
    {
        public string Connection { get; set; } = "";
        public int Received { get; set; }
        public int Drawn { get; set; }
    }
}
