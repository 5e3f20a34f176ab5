using System.Collections.Concurrent;
using System.Text;
using Cortex.Server.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cortex.Server.Tests.Telemetry;

/// <summary>OTLP export happens only when an endpoint is configured, and then reaches a real OTLP/HTTP receiver.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Without_an_endpoint_no_OpenTelemetry_provider_is_registered()
    {
        await using var server = await ServerFixture.StartAsync();
        Assert.Null(server.Services.GetService<MeterProvider>());
        Assert.Null(server.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_endpoint_metrics_traces_and_logs_reach_the_collector()
    {
        await using var collector = await Collector.StartAsync();
        await using var server = await ServerFixture.StartAsync(settings: new Dictionary<string, string>
        {
            ["Cortex:Telemetry:OtlpEndpoint"] = collector.Address,
            ["Cortex:Telemetry:OtlpProtocol"] = "http/protobuf",
            // The standard variable, read from configuration: export metrics every half second instead of every minute.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        (await server.Http.GetAsync("/api/models")).EnsureSuccessStatusCode();

        // Protobuf carries names as plain UTF-8: the resource's service name, the meter's gauges, the request's route.
        await collector.WaitForAsync("/v1/metrics", "cortex.queue.depth");
        await collector.WaitForAsync("/v1/traces", "/api/models");
        await collector.WaitForAsync("/v1/logs", "cortex");
        Assert.All(new[] { "/v1/metrics", "/v1/traces", "/v1/logs" }, path => Assert.Contains(collector.Bodies(path), b => b.Contains("cortex", StringComparison.Ordinal)));
    }

    /// <summary>A minimal OTLP/HTTP receiver: keeps each request body by path and answers 200.</summary>
    sealed class Collector : IAsyncDisposable
    {
        readonly WebApplication _app;
        readonly ConcurrentQueue<(string Path, string Body)> _received = new();

        Collector()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                _received.Enqueue((context.Request.Path, Encoding.Latin1.GetString(body.ToArray())));
                return Results.Ok();
            });
        }

        public string Address { get; private set; } = "";

        public static async Task<Collector> StartAsync()
        {
            var collector = new Collector();
            await collector._app.StartAsync();
            collector.Address = collector._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return collector;
        }

        public IReadOnlyList<string> Bodies(string path) => [.. _received.Where(r => r.Path == path).Select(r => r.Body)];

        public async Task WaitForAsync(string path, string text)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!Bodies(path).Any(b => b.Contains(text, StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"nothing containing '{text}' reached {path} within 30 s (received: {string.Join(", ", _received.Select(r => r.Path))})");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
