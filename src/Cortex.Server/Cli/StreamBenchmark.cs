using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Hosting;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Cli;

/// <summary>Frame latency from the compute's callback to connected .NET SignalR clients, and the compute's speed with and without them.</summary>
public static class StreamBenchmark
{
    public sealed record Result(int Clients, int Frames, double LatencyP50Ms, double LatencyP95Ms, double StepsPerSecond);

    public static async Task<IReadOnlyList<Result>> RunAsync(string? modelDirectory, int steps, IReadOnlyList<int> clientCounts, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("cortex-bench-").FullName;
        try
        {
            await using var app = CortexHost.Build(new ServeOptions("http://127.0.0.1:0", modelDirectory, data), builder =>
            {
                builder.Configuration["Cortex:QueuePollMilliseconds"] = "100";
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
            await app.StartAsync(cancellationToken);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            using var http = new HttpClient { BaseAddress = address };
            var source = await Create(http, "/api/concepts", new { name = "source", className = "green circle with dot", source = "generated" }, cancellationToken);
            var target = await Create(http, "/api/concepts", new { name = "target", className = "green circle with bar", source = "generated" }, cancellationToken);
            var results = new List<Result>();
            foreach (var clients in clientCounts)
                results.Add(await Measure(http, address, source, target, steps, clients, cancellationToken));
            await app.StopAsync(cancellationToken);
            return results;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    static async Task<Result> Measure(HttpClient http, Uri address, string source, string target, int steps, int clients, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var connections = new List<HubConnection>();
        var id = await Create(http, "/api/experiments", new
        {
            name = $"stream bench, {clients} clients", method = "codebook-level", conceptIds = new[] { source, target },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 2, steps, decodeEvery = 25, sourceConceptId = source, targetConceptId = target },
        }, cancellationToken);
        try
        {
            for (var i = 0; i < clients; i++)
            {
                var connection = new HubConnectionBuilder().WithUrl(new Uri(address, "/hubs/experiments")).Build();
                connection.On<FrameMessage>("frame", frame => latencies.Add((DateTime.UtcNow - frame.PublishedAt).TotalMilliseconds));
                await connection.StartAsync(cancellationToken);
                await connection.InvokeAsync("Join", id, cancellationToken);
                connections.Add(connection);
            }
            JsonObject experiment;
            do
            {
                await Task.Delay(100, cancellationToken);
                experiment = (await http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}", cancellationToken))!;
            }
            while (experiment["status"]!.GetValue<string>() is "queued" or "running");
            if (experiment["status"]!.GetValue<string>() != "succeeded") throw new InvalidOperationException($"The benchmark experiment ended {experiment["status"]}: {experiment["error"]}");
            var sorted = latencies.Order().ToArray();
            return new Result(clients, sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.95),
                experiment["summary"]!["figures"]!["codebook.steps_per_second"]!.GetValue<double>());
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    static async Task<string> Create(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.GetValue<string>();
    }

    static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : Math.Round(sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))], 2);
}
