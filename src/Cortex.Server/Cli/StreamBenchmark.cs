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
            var server = new BenchClients(address, BenchClients.CreateAccount(app.Services.GetRequiredService<Storage.CortexDatabase>()));
            using var http = server.Http();
            var concepts = await BenchClients.CreateConceptPairAsync(http, cancellationToken);
            var results = new List<Result>();
            foreach (var clients in clientCounts)
                results.Add(await Measure(server, http, concepts, steps, clients, cancellationToken));
            await app.StopAsync(cancellationToken);
            return results;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    static async Task<Result> Measure(BenchClients server, HttpClient http, (string Source, string Target) concepts, int steps, int clients,
        CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var connections = new List<HubConnection>();
        var id = await BenchClients.QueueCodebookRunAsync(http, $"stream bench, {clients} clients", concepts, steps, decodeEvery: 25, cancellationToken);
        try
        {
            for (var i = 0; i < clients; i++)
            {
                var connection = server.Hub();
                connection.On<FrameMessage>(ExperimentHubNames.Frame, frame => latencies.Add((DateTime.UtcNow - frame.PublishedAt).TotalMilliseconds));
                await connection.StartAsync(cancellationToken);
                await connection.InvokeAsync(ExperimentHubNames.Join, id, cancellationToken);
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

    static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : Math.Round(sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))], 2);
}
