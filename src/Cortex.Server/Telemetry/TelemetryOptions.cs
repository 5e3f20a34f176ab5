namespace Cortex.Server.Telemetry;

/// <summary>
/// The <c>Cortex:Telemetry</c> configuration section: where metrics, traces and logs go over OTLP. Read (and checked)
/// once while the host is built, since it decides whether the OpenTelemetry SDK is registered at all.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Cortex:Telemetry";

    /// <summary>
    /// The OTLP collector to export to, e.g. <c>http://collector:4317</c>. When empty, the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is used; when both are empty nothing is exported.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318), as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> names them.</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}
