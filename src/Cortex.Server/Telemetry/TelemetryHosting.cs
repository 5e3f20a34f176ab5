using Cortex.Server.Telemetry.Health;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cortex.Server.Telemetry;

/// <summary>
/// Cortex's meter, spans and health checks, and their export over OTLP when an endpoint is configured
/// (<c>Cortex:Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Without one no
/// OpenTelemetry SDK is registered: nothing listens to the spans (none are made) and the meter costs only its
/// counters until something collects it.
/// </summary>
public static class TelemetryHosting
{
    public const string ServiceName = "cortex";

    public static WebApplicationBuilder AddCortexTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CortexMetrics>();
        builder.Services.AddHostedService<CortexGauges>();
        builder.Services.AddCortexHealthChecks();
        builder.AddCortexExport();
        return builder;
    }

    /// <summary>OTLP export of Cortex's metrics, traces and logs, when an endpoint is configured (the head and <c>cortex worker</c> alike).</summary>
    public static void AddCortexExport(this IHostApplicationBuilder builder)
    {
        if (Endpoint(builder.Configuration) is { } export) builder.AddOtlpExport(export);
    }

    /// <summary>The OTLP destination: Cortex's own option with its protocol, else the standard variables (null: they name none).</summary>
    static (OtlpExportProtocol Protocol, Uri Endpoint)? Endpoint(IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var endpoint = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] : options.OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint)) return null;
        var named = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? "OTEL_EXPORTER_OTLP_ENDPOINT" : $"{TelemetryOptions.Section}:OtlpEndpoint";
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw Invalid($"{named} is '{endpoint}', not an http(s) address such as http://collector:4317.");
        var protocol = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc" : options.OtlpProtocol;
        return protocol switch
        {
            "grpc" => (OtlpExportProtocol.Grpc, uri),
            "http/protobuf" => (OtlpExportProtocol.HttpProtobuf, uri),
            _ => throw Invalid($"The OTLP protocol is '{protocol}'; Cortex exports over grpc or http/protobuf."),
        };
    }

    static OptionsValidationException Invalid(string failure) => new(TelemetryOptions.Section, typeof(TelemetryOptions), [failure]);

    static void AddOtlpExport(this IHostApplicationBuilder builder, (OtlpExportProtocol Protocol, Uri Endpoint) export)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TelemetryHosting).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics.AddMeter(CortexMetrics.MeterName).AddAspNetCoreInstrumentation())
            .WithTracing(tracing => tracing.AddSource(CortexTracing.SourceName).AddAspNetCoreInstrumentation(http => http.Filter = NotAProbe))
            .WithLogging(configureBuilder: null, options =>
            {
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
            })
            .UseOtlpExporter(export.Protocol, export.Endpoint);
    }

    /// <summary>Orchestrators poll the health endpoints every few seconds; a span for each would bury the runs.</summary>
    static bool NotAProbe(HttpContext context) => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz");
}
