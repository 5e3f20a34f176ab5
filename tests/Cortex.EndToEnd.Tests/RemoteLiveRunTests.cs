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
        var data = Directory.CreateTempSubdirectory("cortex-e2e-cluster-").FullName;
        var certificate = Path.Combine(data, "cluster.pfx");
        var processes = new List<ClusterProcess>();
        LiveServer? head = null;
        var step = "making the cluster certificate";
        try
        {
            var made = await CortexProcess.RunAsync("cluster-cert", "--out", certificate);
            Assert.True(made.ExitCode == 0, made.Error);
            step = "starting redis-server and the worker";
            var (redis, cluster) = await ClusterProcess.StartRedisAsync();
            processes.Add(redis);
            var worker = ClusterProcess.StartWorker(WorkerName, cluster, certificate, Path.Combine(data, WorkerName));
            processes.Add(worker);
            step = "starting the head";
            head = await LiveServer.StartAsync(builder =>
            {
                builder.Configuration["Cortex:Cluster:Address"] = cluster;
                builder.Configuration["Cortex:Cluster:Certificate"] = certificate;
                builder.Configuration["Cortex:Cluster:LocalWorker"] = "false";
                builder.Configuration["Cortex:Cluster:SiloPort"] = "0";
            });
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!worker.Printed("Joined the head as worker"))
            {
                Assert.True(DateTime.UtcNow < deadline && !worker.HasExited, "the worker did not join the head within 2 minutes");
                await Task.Delay(100);
            }

            step = "watching the remote run in Chromium";
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

            step = "cancelling the remote run";
            using (var cancel = await head.Http.PostAsync($"/api/experiments/{id}/cancel", null)) cancel.EnsureSuccessStatusCode();
            await head.WaitForStatusAsync(id, "cancelled", TimeSpan.FromMinutes(1));
            await user.ExpectHealthyAsync();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"During {step}: {e.Message}\n{string.Join('\n', processes.Select(p => p.OutputTail))}", e);
        }
        finally
        {
            if (head is not null) await head.DisposeAsync();
            foreach (var process in processes) await process.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    sealed class LiveCounts
    {
        public string Connection { get; set; } = "";
        public int Received { get; set; }
        public int Drawn { get; set; }
    }
}
