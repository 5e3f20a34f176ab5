using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Tests.Api;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// What the server reported before each kill, and the check after each restart that none of it was
/// lost: a succeeded experiment stays succeeded with the same bytes, a running one becomes
/// interrupted, a queued one still runs, an acknowledged write is there, and nothing fails.
/// </summary>
public sealed class CrashLedger
{
    readonly Dictionary<string, Seen> _seen = [];
    readonly Dictionary<string, ExperimentSnapshot> _results = [];
    readonly HashSet<string> _requeued = [];
    readonly HashSet<string> _concepts = [];
    readonly Dictionary<string, bool> _deletes = [];

    sealed record Seen(string Status, string Stage);

    public IReadOnlyList<string> Succeeded => [.. _results.Keys];

    /// <summary>Experiments that went back to the queue after an interruption and then succeeded.</summary>
    public int RequeuedAndSucceeded => _requeued.Count(_results.ContainsKey);

    public void Created(string experimentId) => _seen.TryAdd(experimentId, new Seen("queued", ""));

    public void ConceptCreated(string conceptId) => _concepts.Add(conceptId);

    /// <summary>A delete was sent; <paramref name="acknowledged"/> when its answer came before the kill.</summary>
    public void DeleteSent(string experimentId, bool acknowledged) => _deletes[experimentId] = acknowledged;

    /// <summary>The last look before a kill: every experiment's status as the server reports it.</summary>
    public async Task LookAsync(HttpClient http)
    {
        foreach (var experiment in await ListAsync(http))
        {
            AssertNotFailed(experiment);
            _seen[Id(experiment)] = SeenOf(experiment);
        }
    }

    /// <summary>After a restart: compares what the server reports now with what it reported before the kill.</summary>
    public async Task CheckAsync(HttpClient http)
    {
        var now = (await ListAsync(http)).ToDictionary(Id);
        foreach (var (id, acknowledged) in _deletes)
        {
            Assert.False(acknowledged && now.ContainsKey(id), $"experiment {id} was deleted before the kill and is back");
            if (now.ContainsKey(id)) continue;
            _seen.Remove(id);
            _results.Remove(id);
        }
        _deletes.Clear();
        foreach (var (id, seen) in _seen)
        {
            Assert.True(now.ContainsKey(id), $"experiment {id}, {seen.Status} before the kill, is gone");
            var status = SeenOf(now[id]).Status;
            var before = $"experiment {id} was {seen.Status} ({seen.Stage}) before the kill and is {status} now ({now[id]["error"]})";
            Assert.True(seen.Status switch
            {
                "succeeded" => status == "succeeded",
                // The look is as old as its answer's trip through a server that may be busy with requests in flight (seen: over a
                // second on two loaded cores), and the stage it reports is written at most every 500 ms: a small run may finish in
                // that gap whatever stage it showed. It must not fail or come back half stored: every succeeded run's result is
                // checked whole below.
                "running" => status is "interrupted" or "succeeded",
                "interrupted" => status == "interrupted",
                // The old worker may have taken a queued run in that instant, the new one since.
                _ => status is "queued" or "running" or "interrupted" or "succeeded",
            }, before);
        }
        foreach (var (id, experiment) in now)
        {
            AssertNotFailed(experiment);
            _seen[id] = SeenOf(experiment);
            if (_seen[id].Status == "succeeded") await CheckResultAsync(http, id);
        }
        foreach (var concept in _concepts)
        {
            using var response = await http.GetAsync($"/api/concepts/{concept}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"concept {concept}, created before the kill, answers {response.StatusCode}");
        }
    }

    /// <summary>Queues every interrupted experiment again, as a person would after the crash.</summary>
    public async Task RequeueInterruptedAsync(HttpClient http)
    {
        foreach (var id in _seen.Where(s => s.Value.Status == "interrupted").Select(s => s.Key).ToList())
        {
            using var response = await http.PostAsync($"/api/experiments/{id}/requeue", null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"re-queueing interrupted experiment {id}: {body}");
            Assert.Contains(JsonNode.Parse(body)!["status"]!.GetValue<string>(), new[] { "queued", "running" });
            _seen[id] = new Seen("queued", "");
            _requeued.Add(id);
        }
    }

    /// <summary>Waits until every experiment has succeeded, checking each result the first time it is seen.</summary>
    public async Task DrainAsync(HttpClient http, TimeSpan timeout)
    {
        foreach (var id in _seen.Where(s => s.Value.Status != "succeeded").Select(s => s.Key).ToList())
        {
            var experiment = await http.WaitForAsync(id, timeout, "succeeded", "failed", "cancelled", "interrupted");
            Assert.True(SeenOf(experiment).Status == "succeeded", $"experiment {id} is {experiment["status"]}: {experiment["error"]}");
            _seen[id] = SeenOf(experiment);
            await CheckResultAsync(http, id);
        }
    }

    /// <summary>The first time an experiment is seen succeeded its result must be whole; every later time, the same bytes.</summary>
    async Task CheckResultAsync(HttpClient http, string id)
    {
        var snapshot = await ExperimentSnapshot.TakeAsync(http, id);
        if (_results.TryGetValue(id, out var first))
        {
            var difference = first.Difference(snapshot);
            Assert.True(difference is null, difference);
            return;
        }
        var defect = snapshot.Defect();
        Assert.True(defect is null, defect);
        _results[id] = snapshot;
    }

    /// <summary>
    /// Every experiment, on one page. The list counts its total and reads its page as two queries, so a create still
    /// in flight (the requests-in-flight moment) can land between them: such a page is read again.
    /// </summary>
    static async Task<IReadOnlyList<JsonObject>> ListAsync(HttpClient http)
    {
        for (var attempt = 1; ; attempt++)
        {
            var page = (await http.GetFromJsonAsync<JsonObject>("/api/experiments?pageSize=200"))!;
            var items = page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
            var total = page["total"]!.GetValue<int>();
            Assert.True(total <= 200, $"the crash test keeps its experiments on one page, but the server has {total}");
            if (items.Count == total) return items;
            Assert.True(attempt < 20, $"the list's total ({total}) and its page ({items.Count} experiments) still disagree after {attempt} reads");
            await Task.Delay(50);
        }
    }

    // Nothing here cancels, and every run is valid: a failure is the server's.
    static void AssertNotFailed(JsonObject experiment) =>
        Assert.True(SeenOf(experiment).Status is not ("failed" or "cancelled"), $"experiment {Id(experiment)} is {experiment["status"]}: {experiment["error"]}");

    static string Id(JsonObject experiment) => experiment["id"]!.GetValue<string>();

    static Seen SeenOf(JsonObject experiment) => new(experiment["status"]!.GetValue<string>(), experiment["stage"]?.GetValue<string>() ?? "");
}
