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

    [Fact]
    public async Task An_evaluation_with_integrated_gradients_checks_its_completeness_and_the_evaluators_agreement_on_masking()
    {
        var dot = await _server.CreateConceptAsync("dot", "purple square with dot");
        var bar = await _server.CreateConceptAsync("bar", "purple square with bar");
        var id = (await _server.CreateExperimentAsync(new { name = "ig", method = "evaluation", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { tisMethod = "integrated-gradients" }) }))["id"]!.GetValue<string>();

        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");

        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        var figures = done["summary"]!["figures"]!.AsObject();
        var checks = done["summary"]!["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
        Assert.Equal(["evaluators-agree-on-masking-pixel", "evaluators-agree-on-masking-token", "extractor-above-chance", "ig-completeness"], checks.Keys.Order());
        // Each check holds the figure the page shows beside it to its line.
        var error = figures["tis.completeness_error"]!.GetValue<double>();
        Assert.Equal(error, checks["ig-completeness"]["value"]!.GetValue<double>());
        Assert.Equal(error <= 0.05, checks["ig-completeness"]["passed"]!.GetValue<bool>());
        var drops = figures.Where(f => f.Key.StartsWith("masking.pixel.", StringComparison.Ordinal) && f.Key.EndsWith(".tis_drop", StringComparison.Ordinal)).Select(f => f.Value!.GetValue<double>()).ToList();
        Assert.Equal(Math.Max(0, Math.Min(drops.Max(), -drops.Min())), checks["evaluators-agree-on-masking-pixel"]["value"]!.GetValue<double>(), 12);
        Assert.Equal(checks.Values.Any(c => !c["passed"]!.GetValue<bool>()), done["succeededWithWarnings"]!.GetValue<bool>());
    }

    static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(Assert.Single(zip.Entries, e => e.FullName == name).Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
