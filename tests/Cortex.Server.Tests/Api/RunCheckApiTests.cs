using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// A run whose extractor cannot beat chance finishes, and says so wherever it is read: the experiment, its
/// results, the list filtered to such runs, and its export.
/// </summary>
public sealed class RunCheckApiTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    HttpClient Http => _server.Http;

    [Fact]
    public async Task An_extractor_that_cannot_beat_chance_leaves_a_run_that_succeeded_with_warnings_and_says_why()
    {
        // Two concepts encoding the same class with the same seed hold the same images under two labels: nothing to learn.
        var first = await _server.CreateConceptAsync("red circles A", "red circle", source: "encoded");
        var second = await _server.CreateConceptAsync("red circles B", "red circle", source: "encoded");
        var id = (await _server.CreateExperimentAsync(new { name = "twins", method = "sample-level", conceptIds = new[] { first, second },
            parameters = ServerFixture.QuickParameters(new { imagesPerConcept = 32, tisMethod = "gradient" }) }))["id"]!.GetValue<string>();

        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");

        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        Assert.True(done["succeededWithWarnings"]!.GetValue<bool>());
        var check = done["summary"]!["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "extractor-above-chance")!;
        Assert.False(check["passed"]!.GetValue<bool>());
        Assert.True(check["value"]!.GetValue<double>() >= check["threshold"]!.GetValue<double>());
        Assert.Contains("does not beat chance", check["sentence"]!.GetValue<string>());

        var results = (await Http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}/results"))!;
        Assert.True(results["succeededWithWarnings"]!.GetValue<bool>());
        Assert.Equal(done["summary"]!["checks"]!.ToJsonString(), results["summary"]!["checks"]!.ToJsonString());

        var warned = (await Http.GetFromJsonAsync<JsonObject>("/api/experiments?status=succeeded-with-warnings"))!;
        Assert.Equal([id], warned["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        Assert.Contains(id, (await Http.GetFromJsonAsync<JsonObject>("/api/experiments?status=succeeded"))!["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));

        using var zip = new ZipArchive(new MemoryStream(await Http.GetByteArrayAsync($"/api/experiments/{id}/export.zip")));
        var index = Read(zip, "README.txt");
        Assert.Contains("sample-level, succeeded with warnings;", index, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"- extractor-above-chance: {check["sentence"]!.GetValue<string>()}", index);
        var rows = Read(zip, "results/checks.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("check,passed,value,threshold,sentence", rows[0]);
        Assert.Contains(rows, r => r.StartsWith("\"extractor-above-chance\",\"false\",", StringComparison.Ordinal));
    }

    static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(Assert.Single(zip.Entries, e => e.FullName == name).Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
