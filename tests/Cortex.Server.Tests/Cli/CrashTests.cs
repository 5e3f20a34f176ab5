using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Cli;
using Cortex.Server.Tests.Api;
using Xunit.Sdk;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// Survives crashes: the real server is killed with SIGKILL at random moments — while an experiment
/// runs, while one writes its results, while idle, with requests in flight — and started again on the
/// same data directory every time (<see cref="CrashLedger"/> says what must hold then). The moments
/// and delays come from a seeded <see cref="Random"/>: CORTEX_CRASH_SEED replays a failing run's
/// choices (the machine's timing stays its own).
/// </summary>
public sealed class CrashTests
{
    const int KillsPerMoment = 3;
    // Generous: the other server test classes (paper, bench, load bench) run beside it on two cores; an idle machine needs seconds.
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    enum Moment { ExperimentRunning, ResultsBeingWritten, Idle, RequestsInFlight }

    sealed record Scene(HttpClient Http, CrashLedger Ledger, Random Random, string Dot, string Bar)
    {
        // Stores a frame per step when it ends: a hundred files, a wide target for a kill.
        public object Codebook => new
        {
            name = "crash codebook", method = "codebook-level", conceptIds = new[] { Dot, Bar },
            parameters = ServerFixture.QuickParameters(new { steps = 100, decodeEvery = 1, sourceConceptId = Dot, targetConceptId = Bar }),
        };

        public object SampleLevel => new { name = "crash sample", method = "sample-level", conceptIds = new[] { Dot, Bar }, parameters = ServerFixture.QuickParameters() };
    }

    [Fact]
    public async Task Killed_at_random_moments_the_server_keeps_all_it_reported_and_carries_on_with_its_queue()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CORTEX_CRASH_SEED"), out var given) ? given : Random.Shared.Next();
        var random = new Random(seed);
        var moments = Enum.GetValues<Moment>().SelectMany(m => Enumerable.Repeat(m, KillsPerMoment)).OrderBy(_ => random.Next()).ToList();
        var data = Directory.CreateTempSubdirectory("cortex-crash-").FullName;
        var key = CortexApi.CreateAccount(data);
        var ledger = new CrashLedger();
        ServerProcess? server = null;
        HttpClient http = default!;
        async Task StartAsync()
        {
            server = await ServerProcess.StartAsync(new ServerProcess.Options(data, key));
            http = CortexApi.CreateClient(server.Address, key);
        }
        var step = "the first start";
        try
        {
            await StartAsync();
            var (dot, bar) = (await http.CreateConceptAsync("dot", "purple square with dot"), await http.CreateConceptAsync("bar", "purple square with bar"));
            for (var i = 0; i < moments.Count; i++)
            {
                step = $"kill {i + 1} of {moments.Count} ({moments[i]})";
                var learn = await BringAboutAsync(moments[i], new Scene(http, ledger, random, dot, bar));
                await ledger.LookAsync(http);
                await server!.KillAsync();
                await learn();
                await server.DisposeAsync();
                http.Dispose();
                server = null;
                step = $"the restart after kill {i + 1} of {moments.Count} ({moments[i]})";
                await StartAsync();
                await ledger.CheckAsync(http);
                await ledger.RequeueInterruptedAsync(http);
            }
            step = "the queue after the last restart";
            await ledger.DrainAsync(http, RunTimeout);
            Assert.True(ledger.RequeuedAndSucceeded > 0, "no interrupted experiment was re-queued and then succeeded");
        }
        catch (Exception e)
        {
            throw new XunitException($"Crash test seed {seed} (CORTEX_CRASH_SEED={seed} replays it), during {step}: {e.Message}\n--- server output ---\n{server?.OutputTail}", e);
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Sets the scene and waits for the moment to kill; returns what to learn once the kill has answered the requests still in flight.</summary>
    static async Task<Func<Task>> BringAboutAsync(Moment moment, Scene scene)
    {
        switch (moment)
        {
            case Moment.ExperimentRunning:
                var running = await CreateAsync(scene, scene.Random.Next(2) == 0 ? scene.Codebook : scene.SampleLevel);
                // Queued behind it: it must still run after the restart.
                await CreateAsync(scene, scene.SampleLevel);
                Assert.True(await PollAsync(scene.Http, running, TimeSpan.FromMilliseconds(50), RunTimeout, e => Status(e) == "running" && Stage(e) is not ("" or "starting" or "done")),
                    $"experiment {running} did not start within {RunTimeout}");
                await Task.Delay(scene.Random.Next(0, 700));
                return () => Task.CompletedTask;
            case Moment.ResultsBeingWritten:
                var writing = await CreateAsync(scene, scene.Codebook);
                Assert.True(await PollAsync(scene.Http, writing, TimeSpan.FromMilliseconds(20), RunTimeout, e => Stage(e) == "done"),
                    $"experiment {writing} did not reach its results within {RunTimeout}");
                // Storing a hundred files takes a moment; a kill as soon as the status flips to succeeded is one of the outcomes.
                await PollAsync(scene.Http, writing, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(scene.Random.Next(0, 300)), e => Status(e) == "succeeded");
                return () => Task.CompletedTask;
            case Moment.Idle:
                await scene.Ledger.DrainAsync(scene.Http, RunTimeout);
                await Task.Delay(scene.Random.Next(0, 500));
                return () => Task.CompletedTask;
            default:
                var learn = SendRequests(scene);
                await Task.Delay(scene.Random.Next(0, 150));
                return learn;
        }
    }

    /// <summary>Creates, deletes and reads at once, without waiting for the answers.</summary>
    static Func<Task> SendRequests(Scene scene)
    {
        var succeeded = scene.Ledger.Succeeded;
        var victim = succeeded.Count > 0 ? succeeded[scene.Random.Next(succeeded.Count)] : null;
        var createExperiment = scene.Http.PostAsJsonAsync("/api/experiments", scene.SampleLevel);
        var createConcept = scene.Http.PostAsJsonAsync("/api/concepts", new { name = $"made in flight {Guid.NewGuid():N}", className = "purple square with dot", source = "generated" });
        var delete = victim is null ? null : scene.Http.DeleteAsync($"/api/experiments/{victim}");
        var reads = succeeded.Where(id => id != victim).Select(id => scene.Http.GetAsync($"/api/experiments/{id}/export.zip"))
            .Append(scene.Http.GetAsync("/api/experiments")).ToList();
        return async () =>
        {
            if (await AnswerAsync(createExperiment) is { } experiment) scene.Ledger.Created(Id(experiment));
            if (await AnswerAsync(createConcept) is { } concept) scene.Ledger.ConceptCreated(Id(concept));
            if (delete is not null) scene.Ledger.DeleteSent(victim!, acknowledged: await AnswerAsync(delete) is not null);
            foreach (var read in reads) await AnswerAsync(read);
        };
    }

    /// <summary>The answer's JSON (an empty object when it has no body), or null when the kill came first; an answer must be a success.</summary>
    static async Task<JsonObject?> AnswerAsync(Task<HttpResponseMessage> request)
    {
        HttpResponseMessage response;
        try
        {
            response = await request;
        }
        // Refused by the dead server, or cancelled when its client was disposed at the restart: no answer came.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode}: {body}");
            return response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(body)!.AsObject() : [];
        }
    }

    static async Task<string> CreateAsync(Scene scene, object request)
    {
        var id = Id(await scene.Http.CreateExperimentAsync(request));
        scene.Ledger.Created(id);
        return id;
    }

    /// <summary>Polls an experiment until the condition holds (true) or <paramref name="within"/> has passed (false); it must not fail meanwhile.</summary>
    static async Task<bool> PollAsync(HttpClient http, string id, TimeSpan every, TimeSpan within, Func<JsonObject, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var experiment = await http.GetExperimentAsync(id);
            if (condition(experiment)) return true;
            Assert.True(Status(experiment) is "queued" or "running", $"experiment {id} is {Status(experiment)} while the test waits to kill the server: {experiment["error"]}");
            if (clock.Elapsed > within) return false;
            await Task.Delay(every);
        }
    }

    static string Id(JsonObject json) => json["id"]!.GetValue<string>();

    static string Status(JsonObject experiment) => experiment["status"]!.GetValue<string>();

    static string Stage(JsonObject experiment) => experiment["stage"]?.GetValue<string>() ?? "";
}
