using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// Every method's export zip holds all of the experiment's results in files a person reads without Cortex:
/// an index, a CSV per table with every evaluator's column, and the figures as PNG under names in words.
/// </summary>
public sealed class ExportTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _dot = "", _bar = "", _red = "", _blue = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        (_dot, _bar, _red, _blue) = await _server.CreateMethodConceptsAsync();
    }

    HttpClient Http => _server.Http;

    async Task<(string Id, JsonObject Experiment)> RunAsync(string method, string[] concepts, object? parameters = null)
    {
        var id = (await _server.CreateExperimentAsync(new { name = method, method, conceptIds = concepts, parameters = ServerFixture.QuickParameters(parameters) }))["id"]!.GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(4), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        return (id, done);
    }

    async Task<Dictionary<string, byte[]>> ExportAsync(string id)
    {
        using var zip = new ZipArchive(new MemoryStream(await Http.GetByteArrayAsync($"/api/experiments/{id}/export.zip")));
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    static string[] Lines(Dictionary<string, byte[]> zip, string name) =>
        Encoding.UTF8.GetString(Assert.Contains(name, zip)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    static IReadOnlyList<string> Evaluators(JsonObject experiment) =>
        [.. experiment["summary"]!["figures"]!.AsObject().Select(f => f.Key.Split('.')).Where(k => k is ["codebook", _, "target_prob_after"]).Select(k => k[1])];

    /// <summary>Every entry but the index is named in the index.</summary>
    static void AssertIndexed(Dictionary<string, byte[]> zip)
    {
        var index = Encoding.UTF8.GetString(zip["README.txt"]);
        Assert.All(zip.Keys, name => Assert.Contains(name, index));
    }

    [Fact]
    public async Task A_shortcut_review_exports_its_figures_token_set_findings_and_notes_as_readable_files()
    {
        var (id, experiment) = await RunAsync("shortcut-review", [_red, _blue]);
        using var annotate = await Http.PostAsJsonAsync($"/api/experiments/{id}/annotations", new { target = "experiment", text = "background, as planted" });
        annotate.EnsureSuccessStatusCode();

        var zip = await ExportAsync(id);

        AssertIndexed(zip);
        var figures = Lines(zip, "results/figures.csv");
        Assert.Equal("figure,name,value", figures[0]);
        Assert.Equal(experiment["summary"]!["figures"]!.AsObject().Count, figures.Length - 1);
        Assert.Contains(figures, row => row.StartsWith("\"shortcut.background_fraction\",\"Share of the concept's tokens off the object\",", StringComparison.Ordinal));
        var tokens = Lines(zip, "results/token_sets.csv");
        Assert.Equal("concept,kind,rank,token,count", tokens[0]);
        Assert.Equal(experiment["summary"]!["tokenSets"]!["red circles"]!.AsArray().Count, tokens.Length - 1);
        Assert.Contains("results/notes.txt", zip.Keys);
        Assert.Equal("id,author,created_at,target,image,position,token,finding,text", Lines(zip, "results/annotations.csv")[0]);
        Assert.EndsWith(",\"background, as planted\"", Lines(zip, "results/annotations.csv")[1]);
        var raised = (await Http.GetFromJsonAsync<JsonArray>("/api/findings"))!.Count(f => f!["experimentId"]!.GetValue<string>() == id);
        if (raised > 0) Assert.Equal(raised, Lines(zip, "results/findings.csv").Length - 1);

        // A public link shares the run's results; annotations and findings stay with the workspace's members.
        using var link = await Http.PostAsJsonAsync($"/api/experiments/{id}/share-links", new { expiresInDays = 1 });
        var token = (await link.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var visitor = _server.ClientWith(null);
        using var shared = new ZipArchive(new MemoryStream(await visitor.GetByteArrayAsync($"/api/experiments/{id}/export.zip?share={Uri.EscapeDataString(token)}")));
        var names = shared.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("results/figures.csv", names);
        Assert.DoesNotContain("results/annotations.csv", names);
        Assert.DoesNotContain("results/findings.csv", names);
    }

    [Fact]
    public async Task A_codebook_level_export_has_every_evaluators_column_in_the_curve_and_its_figures_under_names_in_words()
    {
        var (id, experiment) = await RunAsync("codebook-level", [_dot, _bar], new { sourceConceptId = _dot, targetConceptId = _bar, region = new[] { 27, 28, 35, 36 } });
        var evaluators = Evaluators(experiment);
        Assert.NotEmpty(evaluators);

        var zip = await ExportAsync(id);

        AssertIndexed(zip);
        var curve = Lines(zip, "files/curve.csv");
        Assert.Equal(["step", "loss", "target_probability", .. evaluators.Select(e => $"{e}_target_probability")], curve[0].Split(','));
        // Each evaluator scores the decoded steps (every 5th of 20): those rows carry a probability in each evaluator's column.
        var scored = curve.Skip(1).Select(r => r.Split(',')).Where(r => r[3..].All(v => v.Length > 0)).ToList();
        Assert.NotEmpty(scored);
        Assert.All(scored.SelectMany(r => r[3..]), v => Assert.InRange(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture), 0, 1));
        var figures = Lines(zip, "results/figures.csv");
        Assert.Contains(figures, row => row.StartsWith($"\"codebook.{evaluators[0]}.source_prob_before\",\"Source probability before, {evaluators[0].ToUpperInvariant()} evaluator\",", StringComparison.Ordinal));
        Assert.Equal(zip["files/before.png"], zip["figures/Source image before the edit.png"]);
        Assert.Equal(zip["files/after.png"], zip["figures/Image after the edit (best step).png"]);
        Assert.DoesNotContain(zip.Keys, name => name.StartsWith("figures/frame-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_evaluation_export_has_the_masking_deletion_and_sanity_tables_for_every_evaluator_and_method()
    {
        var (id, experiment) = await RunAsync("evaluation", [_dot, _bar]);
        var report = (await Http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}/files/evaluation.json"))!;

        var zip = await ExportAsync(id);

        AssertIndexed(zip);
        var masking = Lines(zip, "results/masking.csv");
        Assert.Equal("space,evaluator,positions_masked,tis_drop,random_drop,images", masking[0]);
        var evaluators = report["masking"]!["pixel"]!.AsObject().Select(e => e.Key).ToList();
        var ns = report["masking"]!["ns"]!.AsArray().Count;
        Assert.Equal(2 * evaluators.Count * ns, masking.Length - 1);
        Assert.All(evaluators, e => Assert.Contains(masking, row => row.StartsWith($"\"token\",\"{e}\",", StringComparison.Ordinal)));
        var deletion = Lines(zip, "results/deletion_curves.csv");
        Assert.Equal("method,fraction_deleted,probability,area_under_curve", deletion[0]);
        Assert.All(report["deletion_auc"]!.AsObject().Select(m => m.Key), m => Assert.Contains(deletion, row => row.StartsWith($"\"{m}\",", StringComparison.Ordinal)));
        Assert.Equal("method,spearman_trained_vs_random,extractor,images", Lines(zip, "results/sanity_check.csv")[0]);
        Assert.Contains(Lines(zip, "results/figures.csv"), row => row.Contains("\"Probability drop masking the highest-TIS positions, pixel space,", StringComparison.Ordinal));
        Assert.Equal(zip["files/deletion.png"], zip["figures/Deletion curves.png"]);
        Assert.Equal(experiment["files"]!.AsArray().Count, zip.Keys.Count(k => k.StartsWith("files/", StringComparison.Ordinal)));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
