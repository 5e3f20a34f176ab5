using System.Text.Json.Nodes;
using Cortex.Server.Cli;
using Cortex.Server.Tests.Api;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// The cluster as separate processes on loopback: <c>redis-server</c>, a head without a worker of its own, and two
/// <c>cortex worker</c>s. One worker is killed with SIGKILL while it runs an experiment; every experiment still succeeds once.
/// </summary>
public sealed class ClusterProcessTests
{
    static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(2);
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Six_experiments_on_two_workers_all_succeed_once_though_one_worker_is_killed_mid_run()
    {
        await using var scene = await ClusterScene.StartAsync("cluster-processes");
        await scene.RunAsync(async () =>
        {
            scene.Step = "starting redis-server";
            var (_, cluster) = await scene.StartRedisAsync();
            var headData = Path.Combine(scene.Data, "head");
            var key = CortexApi.CreateAccount(headData);
            scene.Step = "starting the workers and the head";
            var workers = new[] { "w1", "w2" }.ToDictionary(name => name, name => scene.StartWorker(name, cluster));
            // Ready once a worker has joined it, so the workers start first.
            var head = scene.Head(await ServerProcess.StartAsync(new ServerProcess.Options(headData, key, Settings: HeadSettings(cluster, scene.Certificate))), h => h.OutputTail);
            foreach (var worker in workers.Values) await ClusterScene.WaitUntilJoinedAsync(worker, JoinTimeout);
            using var http = head.Client();

            scene.Step = "queueing six experiments";
            var (dot, bar) = (await http.CreateConceptAsync("dot", "purple square with dot"), await http.CreateConceptAsync("bar", "purple square with bar"));
            var ids = new List<string>();
            foreach (var i in Enumerable.Range(1, 6))
            {
                object request = i == 2
                    ? new { name = "remote codebook", method = "codebook-level", conceptIds = new[] { dot, bar }, parameters = Small(new { steps = 60, decodeEvery = 2, sourceConceptId = dot, targetConceptId = bar }) }
                    : new { name = $"remote sample {i}", method = "sample-level", conceptIds = new[] { dot, bar }, parameters = Small() };
                ids.Add((await http.CreateExperimentAsync(request))["id"]!.GetValue<string>());
            }

            scene.Step = "waiting for a worker that finished one and runs another, to kill it";
            var (victim, interrupted) = await VictimAsync(http, ids);
            await workers[victim].KillAsync();
            var survivor = workers.Keys.Single(w => w != victim);

            scene.Step = $"waiting for all six to succeed after {victim} was killed running {interrupted}";
            var finished = new List<JsonObject>();
            foreach (var id in ids) finished.Add(await http.WaitForAsync(id, RunTimeout, "succeeded", "failed", "interrupted", "cancelled"));
            Assert.All(finished, e => Assert.True(e["status"]!.GetValue<string>() == "succeeded", $"{e["id"]} ended {e["status"]}: {e["error"]}"));
            var rerun = finished.Single(e => e["id"]!.GetValue<string>() == interrupted);
            Assert.Equal((survivor, 2), (rerun["worker"]!.GetValue<string>(), rerun["attempts"]!.GetValue<int>()));
            Assert.Equal(["w1", "w2"], finished.Select(e => e["worker"]!.GetValue<string>()).Distinct().Order());
            foreach (var id in ids) Assert.Null((await ExperimentSnapshot.TakeAsync(http, id)).Defect());

            scene.Step = "counting stored results in the head's database";
            await scene.StopHeadAsync();
            using var database = Storage.CortexDatabase.Open(headData);
            foreach (var id in ids)
            {
                var stored = database.Experiments.FindById(id);
                var files = database.Files.FindAll().Count(f => f.Id.StartsWith($"$/experiments/{id}/", StringComparison.Ordinal));
                Assert.Equal(stored.Files.Count, files);
                var results = database.Audit.Find(a => a.TargetId == id).Count(a => a.Action.StartsWith("finished it: succeeded", StringComparison.Ordinal));
                Assert.True(results == 1, $"{id} was stored as finished {results} times");
            }
        });
    }

    [Fact]
    public async Task A_worker_with_another_certificate_is_refused_while_one_with_the_clusters_certificate_joins()
    {
        await using var scene = await ClusterScene.StartAsync("cluster-stranger");
        await scene.RunAsync(async () =>
        {
            scene.Step = "making a stranger's certificate and starting redis-server, a member and the head";
            var strangers = Path.Combine(scene.Data, "stranger.pfx");
            await ClusterScene.MakeCertificateAsync(strangers);
            var (_, cluster) = await scene.StartRedisAsync();
            var member = scene.StartWorker("member", cluster);
            var started = DateTime.UtcNow;
            var headData = Path.Combine(scene.Data, "head");
            var head = scene.Head(await ServerProcess.StartAsync(new ServerProcess.Options(headData, CortexApi.CreateAccount(headData), Settings: HeadSettings(cluster, scene.Certificate))), h => h.OutputTail);
            await ClusterScene.WaitUntilJoinedAsync(member, JoinTimeout);
            var joining = DateTime.UtcNow - started;

            // A stranger that reaches Redis arrives at the running cluster; given as long as the member took and ten seconds more, it has had its chance.
            scene.Step = "waiting for the stranger to be refused";
            var stranger = scene.StartWorker("stranger", cluster, strangers);
            await Task.Delay(joining + TimeSpan.FromSeconds(10));
            using var http = head.Client();
            var workers = JsonNode.Parse(await http.GetStringAsync("/readyz"))!["checks"]!["cluster"]!["data"]!.AsObject();
            Assert.Equal(["member"], workers.Select(w => w.Key));
            Assert.False(stranger.Printed(ClusterScene.JoinedLine), stranger.OutputTail);
            Assert.False(member.HasExited, member.OutputTail);
        });
    }

    [Fact]
    public async Task While_redis_is_down_the_head_serves_and_runs_experiments_and_a_worker_joins_once_it_is_back()
    {
        await using var scene = await ClusterScene.StartAsync("cluster-redis-down");
        await scene.RunAsync(async () =>
        {
            scene.Step = "starting redis-server, a worker and a head with its own worker";
            var kept = Directory.CreateDirectory(Path.Combine(scene.Data, "redis")).FullName;
            var (redis, cluster) = await scene.StartRedisAsync(directory: kept);
            var w1 = scene.StartWorker("w1", cluster);
            var settings = HeadSettings(cluster, scene.Certificate);
            settings["Cortex__Cluster__LocalWorker"] = "true";
            var headData = Path.Combine(scene.Data, "head");
            var head = scene.Head(await ServerProcess.StartAsync(new ServerProcess.Options(headData, CortexApi.CreateAccount(headData), Settings: settings)), h => h.OutputTail);
            await ClusterScene.WaitUntilJoinedAsync(w1, JoinTimeout);
            using var http = head.Client();
            var (dot, bar) = (await http.CreateConceptAsync("dot", "purple square with dot"), await http.CreateConceptAsync("bar", "purple square with bar"));

            scene.Step = "killing redis-server and running two experiments without it";
            await redis.KillAsync();
            var ids = new List<string>();
            foreach (var i in Enumerable.Range(1, 2))
                ids.Add((await http.CreateExperimentAsync(new { name = $"without redis {i}", method = "sample-level", conceptIds = new[] { dot, bar }, parameters = Small() }))["id"]!.GetValue<string>());
            foreach (var id in ids)
            {
                var ended = await http.WaitForAsync(id, RunTimeout, "succeeded", "failed", "interrupted", "cancelled");
                Assert.True(ended["status"]!.GetValue<string>() == "succeeded", $"{id} ended {ended["status"]}: {ended["error"]}");
            }
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/signin")).StatusCode);
            Assert.False(w1.HasExited, w1.OutputTail);

            scene.Step = "bringing redis-server back on its port and starting a second worker";
            await scene.StartRedisAsync(int.Parse(cluster.Split(':')[1]), kept);
            var w2 = scene.StartWorker("w2", cluster);
            await ClusterScene.WaitUntilJoinedAsync(w2, JoinTimeout);
            var workers = JsonNode.Parse(await http.GetStringAsync("/readyz"))!["checks"]!["cluster"]!["data"]!.AsObject();
            Assert.Equal(["local", "w1", "w2"], workers.Select(w => w.Key).Order());
        });
    }

    /// <summary>The smallest run the limits allow, so six of them fit in the suite's time on two cores.</summary>
    static object Small(object? extra = null)
    {
        var parameters = (JsonObject)ServerFixture.QuickParameters(extra);
        (parameters["imagesPerConcept"], parameters["extractorEpochs"]) = (ExperimentLimits.MinImagesPerConcept, 1);
        return parameters;
    }

    /// <summary>The head as a person starts it for a cluster with remote workers only, both running at once on this machine's CPU.</summary>
    internal static Dictionary<string, string> HeadSettings(string cluster, string certificate) => new()
    {
        ["Cortex__Cluster__Address"] = cluster,
        ["Cortex__Cluster__Certificate"] = certificate,
        ["Cortex__Cluster__LocalWorker"] = "false",
        ["Cortex__Cluster__SiloPort"] = "0",
        ["Cortex__MaxConcurrentExperiments"] = "2",
        ["Cortex__QueuePollMilliseconds"] = "200",
    };

    /// <summary>A worker that has finished an experiment and is running another past its start, and that experiment.</summary>
    static async Task<(string Worker, string Experiment)> VictimAsync(HttpClient http, IReadOnlyList<string> ids)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var experiments = new List<JsonObject>();
            foreach (var id in ids) experiments.Add(await http.GetExperimentAsync(id));
            string Of(JsonObject e, string field) => e[field]?.GetValue<string>() ?? "";
            var finishedOn = experiments.Where(e => Of(e, "status") == "succeeded").Select(e => Of(e, "worker")).ToHashSet();
            if (experiments.FirstOrDefault(e => Of(e, "status") == "running" && finishedOn.Contains(Of(e, "worker")) && Of(e, "stage") is not ("" or "starting" or "done")) is { } running)
                return (Of(running, "worker"), Of(running, "id"));
            Assert.True(DateTime.UtcNow < deadline, $"no worker finished one experiment and ran another within {RunTimeout}: {string.Join(", ", experiments.Select(e => $"{Of(e, "id")} {Of(e, "status")} on {Of(e, "worker")}"))}");
            Assert.True(experiments.Any(e => Of(e, "status") is "queued" or "running"), "every experiment ended before a worker could be killed running one");
            await Task.Delay(100);
        }
    }
}
