using System.Text;
using Cortex.Server.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Server.Telemetry.Health;

/// <summary>
/// The database answers: its data file is still at its path and still a LiteDB file (a file deleted or
/// replaced under the running server would take every later write with it), and the engine reads a collection.
/// </summary>
public sealed class DatabaseHealthCheck(CortexDatabase database) : IHealthCheck
{
    /// <summary>What LiteDB writes at <see cref="MarkerOffset"/> of its data file's first page.</summary>
    static readonly byte[] Marker = Encoding.ASCII.GetBytes("** This is a LiteDB file **");
    const int MarkerOffset = 32;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["path"] = database.Path };
        try
        {
            if (!File.Exists(database.Path))
                return Unhealthy($"The data file {database.Path} is gone; writes would be lost. Restore it and restart Cortex.", data);
            if (!HasMarker(database.Path))
                return Unhealthy($"The data file {database.Path} is no LiteDB data file any more. Restore it and restart Cortex.", data);
            data["schemaVersion"] = database.SchemaVersion;
            data["experiments"] = database.Experiments.Count();
            return Task.FromResult(HealthCheckResult.Healthy($"{database.Path} answers (schema version {database.SchemaVersion}).", data));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The database {database.Path} cannot be read: {e.Message.Split('\n', 2)[0].Trim()}", e, data));
        }
    }

    /// <summary>Reads the first page's marker beside the engine, which holds the file open with others allowed to read.</summary>
    static bool HasMarker(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[MarkerOffset + Marker.Length];
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.AsSpan(MarkerOffset).SequenceEqual(Marker);
    }

    static Task<HealthCheckResult> Unhealthy(string description, IReadOnlyDictionary<string, object> data) =>
        Task.FromResult(HealthCheckResult.Unhealthy(description, data: data));
}
