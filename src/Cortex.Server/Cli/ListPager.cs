using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cortex.Server.Cli;

/// <summary>
/// A dashboard user going through the experiment list: a status filter (none, queued, running), sometimes
/// a concept filter, a page size of 5, 10 or 20, every page in turn, and one experiment opened per page.
/// </summary>
public sealed class ListPager(HttpClient http, int seed, string conceptId, MeasurementWindow window, LatencyHistogram latencies)
{
    static readonly string?[] Statuses = [null, "queued", "running"];
    static readonly int[] PageSizes = [5, 10, 20];

    /// <summary>Between requests: a person reads a page before the next, and ten pagers with no pause would only measure two saturated cores.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    long _requests;
    long _failures;

    public long Requests => Interlocked.Read(ref _requests);
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Pages until cancelled, then throws <see cref="OperationCanceledException"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        while (true)
        {
            var filter = Statuses[random.Next(Statuses.Length)] is { } status ? $"&status={status}" : "";
            if (random.Next(4) == 0) filter += $"&concept={conceptId}";
            var pageSize = PageSizes[random.Next(PageSizes.Length)];
            var pages = 1;
            for (var page = 1; page <= pages; page++)
            {
                if (await GetAsync($"/api/experiments?page={page}&pageSize={pageSize}{filter}", cancellationToken) is not { } list) break;
                pages = (list["total"]!.GetValue<int>() + pageSize - 1) / pageSize;
                var items = list["items"]!.AsArray();
                if (items.Count > 0) await GetAsync($"/api/experiments/{items[random.Next(items.Count)]!["id"]}", cancellationToken);
            }
        }
    }

    /// <summary>The response's JSON, or null when the request failed; timed and counted while the window is open.</summary>
    async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Delay(Pause, cancellationToken);
        var clock = Stopwatch.StartNew();
        JsonObject? body = null;
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.IsSuccessStatusCode) body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A refused connection or HttpClient's own timeout: a failed request, counted below.
        }
        if (!window.IsOpen) return body;
        latencies.Record(clock.Elapsed.TotalMilliseconds);
        Interlocked.Increment(ref _requests);
        if (body is null) Interlocked.Increment(ref _failures);
        return body;
    }
}
