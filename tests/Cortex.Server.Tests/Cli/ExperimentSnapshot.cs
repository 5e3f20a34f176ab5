using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Tests.Api;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// A succeeded experiment as a client downloads it: the files it lists, every file's bytes (through
/// the export zip, which reads each stored file) and its results JSON.
/// </summary>
public sealed record ExperimentSnapshot(string Id, IReadOnlyList<string> Files, IReadOnlyDictionary<string, byte[]> Contents, string Results)
{
    const string FilesFolder = "files/";

    public static async Task<ExperimentSnapshot> TakeAsync(HttpClient http, string id)
    {
        var experiment = await http.GetExperimentAsync(id);
        Assert.True(experiment["status"]!.GetValue<string>() == "succeeded", $"experiment {id} is {experiment["status"]}, not succeeded: {experiment["error"]}");
        var files = experiment["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        using var zip = new ZipArchive(new MemoryStream(await http.GetByteArrayAsync($"/api/experiments/{id}/export.zip")));
        var contents = zip.Entries.Where(e => e.FullName.StartsWith(FilesFolder, StringComparison.Ordinal))
            .ToDictionary(e => e.FullName[FilesFolder.Length..], Read);
        return new ExperimentSnapshot(id, files, contents, await http.GetStringAsync($"/api/experiments/{id}/results"));
    }

    /// <summary>What keeps this from being a whole result (a listed file missing, empty or unreadable), or null.</summary>
    public string? Defect()
    {
        if (Files.Count == 0) return $"experiment {Id} succeeded without files";
        if (Files.FirstOrDefault(name => !Contents.ContainsKey(name)) is { } missing) return $"experiment {Id} lists {missing}, which is not stored";
        if (Contents.FirstOrDefault(c => c.Value.Length == 0) is { Key: { } empty }) return $"experiment {Id}'s {empty} is empty";
        foreach (var (name, bytes) in Contents.Where(c => c.Key.EndsWith(".json", StringComparison.Ordinal)))
        {
            try
            {
                JsonNode.Parse(bytes);
            }
            catch (JsonException e)
            {
                return $"experiment {Id}'s {name} is not JSON: {e.Message}";
            }
        }
        return JsonNode.Parse(Results)!["status"]!.GetValue<string>() == "succeeded" ? null : $"experiment {Id}'s results say {Results}";
    }

    /// <summary>How <paramref name="later"/> differs from this snapshot, or null when it is the same experiment, byte for byte.</summary>
    public string? Difference(ExperimentSnapshot later)
    {
        if (!Files.SequenceEqual(later.Files)) return $"experiment {Id} listed {Files.Count} files and now lists {later.Files.Count}";
        if (Files.FirstOrDefault(name => !later.Contents.TryGetValue(name, out var bytes) || !bytes.AsSpan().SequenceEqual(Contents[name])) is { } changed)
            return $"experiment {Id}'s {changed} is no longer the bytes downloaded when it succeeded";
        return Results == later.Results ? null : $"experiment {Id}'s results changed from {Results} to {later.Results}";
    }

    static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
