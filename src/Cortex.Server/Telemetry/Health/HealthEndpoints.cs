using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Server.Telemetry.Health;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers; never the database, so a slow or broken data file does not get a
/// live process restarted) and <c>/readyz</c> (readiness: database, compute device, cluster membership), as ASP.NET
/// Core health checks. Both answer JSON naming each check and its status, 200 when healthy and 503 when not.
/// </summary>
public static class HealthEndpoints
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static IHealthChecksBuilder AddCortexHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck("self", () => HealthCheckResult.Healthy("The process answers."), [Live])
        .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
        .AddCheck<ComputeHealthCheck>("compute", tags: [Ready])
        .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready]);

    public static void MapCortexHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", Options(Live));
        app.MapHealthChecks("/readyz", Options(Ready));
    }

    static HealthCheckOptions Options(string tag) => new() { Predicate = check => check.Tags.Contains(tag), ResponseWriter = WriteAsync };

    /// <summary>
    /// The report as JSON: the overall status, each check's status, description and data, and for readiness the flags
    /// <c>/readyz</c> answered before it became health checks (modelLoaded, databaseOpen, workerAlive, schemaVersion).
    /// </summary>
    static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", Name(report.Status));
            if (report.Entries.TryGetValue("database", out var database))
            {
                json.WriteBoolean("modelLoaded", report.Entries.TryGetValue("compute", out var compute) && compute.Status == HealthStatus.Healthy);
                json.WriteBoolean("databaseOpen", database.Status == HealthStatus.Healthy);
                json.WriteBoolean("workerAlive", report.Entries.TryGetValue("cluster", out var cluster) && cluster.Status == HealthStatus.Healthy);
                json.WriteNumber("schemaVersion", database.Data.TryGetValue("schemaVersion", out var version) ? (int)version : 0);
            }
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", Name(entry.Status));
                json.WriteString("description", entry.Description);
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 2));
                json.WritePropertyName("data");
                JsonSerializer.Serialize(json, entry.Data);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
