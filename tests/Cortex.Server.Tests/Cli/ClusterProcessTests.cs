using System.Text.Json.Nodes;
using Cortex.Server.Cli;
using Cortex.Server.Tests.Api;
using Xunit.Sdk;

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
        var data = Directory.CreateTempSubdirectory("cortex-cluster-processes-").FullName;
        var certificate = Path.Combine(data, "cluster.pfx");
        var processes = new List<ClusterProcess>();
        ServerProcess? head = null;
        var step = "making the cluster certificate";
        try
        {
            var made = await CortexProcess.RunAsync("cluster-cert", "--out", certificate);
            Assert.True(made.ExitCode == 0, made.Error);
            step = "starting redis-server";
            var (redis, cluster) = await ClusterProcess.StartRedisAsync();
            processes.Add(redis);
            var key = CortexApi.CreateAccount(Path.Combine(data, "head"));
            step = "starting the workers and the head";
            var workers = new[] { "w1", "w2" }.ToDictionary(name => name, name => ClusterProcess.StartWorker(name, cluster, certificate, Path.Combine(data, name)));
            processes.AddRange(workers.Values);
            // Ready once a worker has joined it, so the workers start first.
            head = await ServerProcess.StartAsync(new ServerProcess.Options(Path.Combine(data, "head"), key, Settings: HeadSettings(cluster, certificate)));
            await WaitAsync(() => workers.Values.All(w => w.Printed("Joined the head as worker")), JoinTimeout, "both workers to join the head");
            using var http = head.Client();

            step = "queueing six experiments";
            var (dot, bar) = (await http.CreateConceptAsync("dot", "purple square with dot"), await http.CreateConceptAsync("bar", "purple square with bar"));
            var ids = new List<string>();
            foreach (var i in Enumerable.Range(1, 6))
            {
                object request = i == 2
                    ? new { name = "remote codebook", method = "codebook-level", conceptIds = new[] { dot, bar }, parameters = Small(new { steps = 60, decodeEvery = 2, sourceConceptId = dot, targetConceptId = bar }) }
                    : new { name = $"remote sample {i}", method = "sample-level", conceptIds = new[] { dot, bar }, parameters = Small() };
                ids.Add((await http.CreateExperimentAsync(request))["id"]!.GetValue<string>());
            }

            step = "waiting for a worker that finished one and runs another, to kill it";
            var (victim, interrupted) = await VictimAsync(http, ids);
            await workers[victim].KillAsync();
            var survivor = workers.Keys.Single(w => w != victim);

            step = $"waiting for all six to succeed after {victim} was killed running {interrupted}";
            var finished = new List<JsonObject>();
            foreach (var id in ids) finished.Add(await http.WaitForAsync(id, RunTimeout, "succeeded", "failed", "interrupted", "cancelled"));
            Assert.All(finished, e => Assert.True(e["status"]!.GetValue<string>() == "succeeded", $"{e["id"]} ended {e["status"]}: {e["error"]}"));
            var rerun = finished.Single(e => e["id"]!.GetValue<string>() == interrupted);
            Assert.Equal((survivor, 2), (rerun["worker"]!.GetValue<string>(), rerun["attempts"]!.GetValue<int>()));
            Assert.Equal(["w1", "w2"], finished.Select(e => e["worker"]!.GetValue<string>()).Distinct().Order());
            foreach (var id in ids) Assert.Null((await ExperimentSnapshot.TakeAsync(http, id)).Defect());

            step = "counting stored results in the head's database";
            await head.DisposeAsync();
            head = null;
            using var database = Storage.CortexDatabase.Open(Path.Combine(data, "head"));
            foreach (var id in ids)
            {
                var stored = database.Experiments.FindById(id);
                var files = database.Files.FindAll().Count(f => f.Id.StartsWith($"$/experiments/{id}/", StringComparison.Ordinal));
                Assert.Equal(stored.Files.Count, files);
                var results = database.Audit.Find(a => a.TargetId == id).Count(a => a.Action.StartsWith("finished it: succeeded", StringComparison.Ordinal));
                Assert.True(results == 1, $"{id} was stored as finished {results} times");
            }
        }
        catch (Exception e)
        {
            throw new XunitException($"During {step}: {e.Message}\n--- head ---\n{head?.OutputTail}\n{string.Join('\n', processes.Select(p => p.OutputTail))}", e);
        }
        finally
        {
            if (head is not null) await head.DisposeAsync();
            foreach (var process in processes) await process.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_worker_with_another_certificate_is_refused_while_one_with_the_clusters_certificate_joins()
    {
        var data = Directory.CreateTempSubdirectory("cortex-cluster-stranger-").FullName;
        var (certificate, strangers) = (Path.Combine(data, "cluster.pfx"), Path.Combine(data, "stranger.pfx"));
        var processes = new List<ClusterProcess>();
        ServerProcess? head = null;
        try
        {
            foreach (var file in new[] { certificate, strangers })
            {
                var made = await CortexProcess.RunAsync("cluster-cert", "--out", file);
                Assert.True(made.ExitCode == 0, made.Error);
            }
            var (redis, cluster) = await ClusterProcess.StartRedisAsync();
            processes.Add(redis);
            var member = ClusterProcess.StartWorker("member", cluster, certificate, Path.Combine(data, "member"));
            processes.Add(member);
            var started = DateTime.UtcNow;
            head = await ServerProcess.StartAsync(new ServerProcess.Options(Path.Combine(data, "head"), CortexApi.CreateAccount(Path.Combine(data, "head")), Settings: HeadSettings(cluster, certificate)));
            await WaitAsync(() => member.Printed("Joined the head as worker"), JoinTimeout, "the member to join the head");
            var joining = DateTime.UtcNow - started;

            // A stranger that reaches Redis arrives at the running cluster; given as long as the member took and ten seconds more, it has had its chance.
            var stranger = ClusterProcess.StartWorker("stranger", cluster, strangers, Path.Combine(data, "stranger"));
            processes.Add(stranger);
            await Task.Delay(joining + TimeSpan.FromSeconds(10));
            using var http = head.Client();
            var workers = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/readyz"))!["checks"]!["cluster"]!["data"]!.AsObject();
            Assert.Equal(["member"], workers.Select(w => w.Key));
            Assert.False(stranger.Printed("Joined the head as worker"), stranger.OutputTail);
            Assert.False(member.HasExited, member.OutputTail);
        }
        catch (Exception e)
        {
            throw new XunitException($"{e.Message}\n--- head ---\n{head?.OutputTail}\n{string.Join('\n', processes.Select(p => p.OutputTail))}", e);
        }
        finally
        {
            if (head is not null) await head.DisposeAsync();
            foreach (var process in processes) await process.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task While_redis_is_down_the_head_serves_and_runs_experiments_and_a_worker_joins_once_it_is_back()
    {
        var data = Directory.CreateTempSubdirectory("cortex-cluster-redis-down-").FullName;
        var certificate = Path.Combine(data, "cluster.pfx");
        var processes = new List<ClusterProcess>();
        ServerProcess? head = null;
        var step = "making the cluster certificate";
        try
        {
            var made = await CortexProcess.RunAsync("cluster-cert", "--out", certificate);
            Assert.True(made.ExitCode == 0, made.Error);
            step = "starting redis-server, a worker and a head with its own worker";
            var kept = Directory.CreateDirectory(Path.Combine(data, "redis")).FullName;
            var (redis, cluster) = await ClusterProcess.StartRedisAsync(directory: kept);
            processes.Add(redis);
            var w1 = ClusterProcess.StartWorker("w1", cluster, certificate, Path.Combine(data, "w1"));
            processes.Add(w1);
            var settings = HeadSettings(cluster, certificate);
            settings["Cortex__Cluster__LocalWorker"] = "true";
            head = await ServerProcess.StartAsync(new ServerProcess.Options(Path.Combine(data, "head"), CortexApi.CreateAccount(Path.Combine(data, "head")), Settings: settings));
            await WaitAsync(() => w1.Printed("Joined the head as worker"), JoinTimeout, "w1 to join the head");
            using var http = head.Client();
            var (dot, bar) = (await http.CreateConceptAsync("dot", "purple square with dot"), await http.CreateConceptAsync("bar", "purple square with bar"));

            step = "killing redis-server and running two experiments without it";
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

            step = "bringing redis-server back on its port and starting a second worker";
            var (back, _) = await ClusterProcess.StartRedisAsync(int.Parse(cluster.Split(':')[1]), kept);
            processes.Add(back);
            var w2 = ClusterProcess.StartWorker("w2", cluster, certificate, Path.Combine(data, "w2"));
            processes.Add(w2);
            await WaitAsync(() => w2.Printed("Joined the head as worker"), JoinTimeout, "w2 to join the head once Redis is back");
            var workers = JsonNode.Parse(await http.GetStringAsync("/readyz"))!["checks"]!["cluster"]!["data"]!.AsObject();
            Assert.Equal(["local", "w1", "w2"], workers.Select(w => w.Key).Order());
        }
        catch (Exception e)
        {
            throw new XunitException($"During {step}: {e.Message}\n--- head ---\n{head?.OutputTail}\n{string.Join('\n', processes.Select(p => p.OutputTail))}", e);
        }
        finally
        {
            if (head is not null) await head.DisposeAsync();
            foreach (var process in processes) await process.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
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

    static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout} for {what}.");
            await Task.Delay(100);
        }
    }
}
