using System.Collections.Concurrent;
using System.Text;
using Cortex.Server.Cli;
using Cortex.Server.Hosting;
using Cortex.Server.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    [Theory]
    [InlineData("Cortex:Telemetry:OtlpEndpoint", "Cortex:Telemetry:OtlpProtocol")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    public async Task With_an_endpoint_metrics_traces_and_logs_reach_the_collector(string endpointSetting, string protocolSetting)
    {
        await using var collector = await Collector.StartAsync();
        // The standard variables are read from configuration, where the environment lands; set there, they stay this server's own.
        await using var server = await ServerFixture.StartAsync(settings: new Dictionary<string, string>
        {
            [endpointSetting] = collector.Address,
            [protocolSetting] = "http/protobuf",
            // Export metrics every half second instead of every minute.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        (await server.Http.GetAsync("/api/models")).EnsureSuccessStatusCode();

        // Protobuf carries names as plain UTF-8: the resource's service name, the meter's gauges, the request's route.
        await collector.WaitForAsync("/v1/metrics", "cortex.queue.depth");
        await collector.WaitForAsync("/v1/traces", "/api/models");
        await collector.WaitForAsync("/v1/logs", "cortex");
        Assert.All(new[] { "/v1/metrics", "/v1/traces", "/v1/logs" }, path => Assert.Contains(collector.Bodies(path), b => b.Contains("cortex", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_endpoint_that_is_no_http_address_stops_the_start_naming_the_setting()
    {
        Compute.Native.TorchRuntime.Initialize();
        var data = Directory.CreateTempSubdirectory("cortex-otlp-");
        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => CortexHost.Build(new ServeOptions("http://127.0.0.1:0", ModelDirectory: null, data.FullName),
                builder => builder.Configuration["Cortex:Telemetry:OtlpEndpoint"] = "collector:4317"));
            Assert.Equal("Cortex:Telemetry:OtlpEndpoint is 'collector:4317', not an http(s) address such as http://collector:4317.", Assert.Single(error.Failures));
        }
        finally
        {
            data.Delete(recursive: true);
        }
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
