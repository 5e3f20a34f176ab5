using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>Every method runs to succeeded through the REST API, and its results and exports read back.</summary>
public sealed class ExperimentApiTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _dot = "", _bar = "", _red = "", _blue = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        (_dot, _bar, _red, _blue) = await _server.CreateMethodConceptsAsync();
    }

    HttpClient Http => _server.Http;

    [Fact]
    public async Task Sample_level_results_export_tis_maps_as_npy_and_csv()
    {
        var created = await _server.CreateExperimentAsync(new { name = "saliency", method = "sample-level", conceptIds = new[] { _dot, _bar }, parameters = ServerFixture.QuickParameters() });
        Assert.Equal("queued", created["status"]!.GetValue<string>());
        var id = created["id"]!.GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());

        var (dtype, shape, data) = NpyReader.Read(await Http.GetByteArrayAsync($"/api/experiments/{id}/files/tis.npy"));
        Assert.Equal("<f4", dtype);
        Assert.Equal([32L, 8, 8], shape);
        Assert.All(NpyReader.Floats(data), v => Assert.True(float.IsFinite(v)));
        var (tokenType, tokenShape, tokenData) = NpyReader.Read(await Http.GetByteArrayAsync($"/api/experiments/{id}/files/tokens.npy"));
        Assert.Equal("<i8", tokenType);
        Assert.Equal([32L, 8, 8], tokenShape);
        Assert.All(NpyReader.Longs(tokenData), t => Assert.InRange(t, 0, 511));

        var csv = (await Http.GetStringAsync($"/api/experiments/{id}/files/tis.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("image,concept,position,row,column,token,tis", csv[0]);
        Assert.Equal(32 * 64, csv.Length - 1);
        var firstRow = csv[1].Split(',');
        Assert.Equal("\"dot\"", firstRow[1]);
        Assert.Equal(NpyReader.Floats(data)[0], float.Parse(firstRow[6], System.Globalization.CultureInfo.InvariantCulture), 5);

        var results = (await Http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}/results"))!;
        Assert.InRange(results["summary"]!["figures"]!["extractor.test_accuracy"]!.GetValue<double>(), 0, 1);
        Assert.Contains("saliency.png", results["files"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Concept_level_writes_token_sets_and_the_frequency_baseline()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "sets", method = "concept-level", conceptIds = new[] { _dot, _bar },
            parameters = ServerFixture.QuickParameters(new { topN = 3, tokenNum = 4 }) }))["id"]!.GetValue<string>();
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        var summary = (await Http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}/results"))!["summary"]!;
        Assert.Equal(4, summary["tokenSets"]!["dot"]!.AsArray().Count);
        Assert.Equal(4, summary["frequencySets"]!["bar"]!.AsArray().Count);
        var rows = (await Http.GetStringAsync($"/api/experiments/{id}/files/token_sets.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("concept,kind,rank,token,count", rows[0]);
        Assert.Equal(2 * 2 * 4, rows.Length - 1);
        var (_, shape, data) = NpyReader.Read(await Http.GetByteArrayAsync($"/api/experiments/{id}/files/token_sets.npy"));
        Assert.Equal([2L, 4], shape);
        Assert.Equal(summary["tokenSets"]!["dot"]!.AsArray().Select(t => t!["token"]!.GetValue<long>()), NpyReader.Longs(data)[..4]);
    }

    [Fact]
    public async Task Codebook_level_runs_the_search_and_keeps_before_and_after()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "edit", method = "codebook-level", conceptIds = new[] { _dot, _bar },
            parameters = ServerFixture.QuickParameters(new { sourceConceptId = _dot, targetConceptId = _bar, region = new[] { 27, 28, 35, 36 } }) }))["id"]!.GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        var figures = done["summary"]!["figures"]!.AsObject();
        foreach (var evaluator in new[] { "cnn", "mixer" })
        foreach (var field in new[] { "source_prob_before", "target_prob_before", "target_prob_after" })
            Assert.InRange(figures[$"codebook.{evaluator}.{field}"]!.GetValue<double>(), 0, 1);
        Assert.Equal(4, figures["codebook.region_size"]!.GetValue<double>());

        var (_, shape, data) = NpyReader.Read(await Http.GetByteArrayAsync($"/api/experiments/{id}/files/best_tokens.npy"));
        var (_, _, source) = NpyReader.Read(await Http.GetByteArrayAsync($"/api/experiments/{id}/files/source_tokens.npy"));
        Assert.Equal([1L, 8, 8], shape);
        var (best, original) = (NpyReader.Longs(data), NpyReader.Longs(source));
        Assert.All(Enumerable.Range(0, 64).Where(p => p is not (27 or 28 or 35 or 36)), p => Assert.Equal(original[p], best[p]));
        var curve = (await Http.GetStringAsync($"/api/experiments/{id}/files/curve.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, curve.Length);
        Assert.Equal(0x89, (await Http.GetByteArrayAsync($"/api/experiments/{id}/files/after.png"))[0]);
    }

    [Fact]
    public async Task Evaluation_and_shortcut_review_succeed_with_their_figures()
    {
        var evaluation = (await _server.CreateExperimentAsync(new { name = "eval", method = "evaluation", conceptIds = new[] { _dot, _bar }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        var review = (await _server.CreateExperimentAsync(new { name = "bias", method = "shortcut-review", conceptIds = new[] { _red, _blue }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        var evaluated = await _server.WaitForAsync(evaluation, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(evaluated["status"]!.GetValue<string>() == "succeeded", evaluated["error"]?.ToString());
        Assert.InRange(evaluated["summary"]!["figures"]!["deletion_auc.random"]!.GetValue<double>(), 0, 1);
        Assert.Contains("masking.pixel.cnn.tis_drop", evaluated["summary"]!["figures"]!.AsObject().Select(f => f.Key));

        var reviewed = await _server.WaitForAsync(review, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(reviewed["status"]!.GetValue<string>() == "succeeded", reviewed["error"]?.ToString());
        var figures = reviewed["summary"]!["figures"]!.AsObject();
        Assert.InRange(figures["shortcut.cliffs_delta.LightGreen"]!.GetValue<double>(), -1, 1);
        Assert.InRange(figures["shortcut.background_fraction"]!.GetValue<double>(), 0, 1);
        await ExpectShortcutEvidenceAsync(review, figures);
        var findings = (await Http.GetFromJsonAsync<JsonArray>("/api/findings"))!;
        foreach (var finding in findings.Where(f => f!["experimentId"]!.GetValue<string>() == review))
        {
            var findingId = finding!["id"]!.GetValue<string>();
            using var patch = await Http.PatchAsJsonAsync($"/api/findings/{findingId}", new { status = "confirmed", comment = "background tokens, as planted" });
            patch.EnsureSuccessStatusCode();
            var confirmed = (await patch.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("confirmed", confirmed["status"]!.GetValue<string>());
            Assert.Equal("tester", confirmed["reviewer"]!.GetValue<string>());
        }
    }

    /// <summary>The review's evidence file agrees with its summary figures, and its examples are the groups it says.</summary>
    async Task ExpectShortcutEvidenceAsync(string id, JsonObject figures)
    {
        var evidence = (await Http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}/files/shortcut-evidence.json"))!;
        Assert.Equal(figures["shortcut.background_fraction"]!.GetValue<double>(), evidence["background_fraction"]!.GetValue<double>());
        var backgrounds = evidence["backgrounds"]!.AsArray();
        Assert.Equal(4, backgrounds.Count);
        var images = backgrounds[0]!["images_on"]!.GetValue<int>() + backgrounds[0]!["images_off"]!.GetValue<int>();
        foreach (var background in backgrounds)
        {
            var name = background!["background"]!.GetValue<string>();
            Assert.Equal(figures[$"shortcut.cliffs_delta.{name}"]!.GetValue<double>(), background["delta"]!.GetValue<double>());
            // Every background splits the same images of other classes into its own and the rest.
            Assert.Equal(images, background["images_on"]!.GetValue<int>() + background["images_off"]!.GetValue<int>());
        }
        var strongest = backgrounds.MaxBy(b => b!["delta"]!.GetValue<double>())!["background"]!.GetValue<string>();
        Assert.Equal(strongest, evidence["background"]!.GetValue<string>());
        var examples = evidence["examples"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["on-background", "on-background", "on-background", "on-background", "off-background", "off-background", "off-background", "off-background",
            "concept", "concept", "concept", "concept"], examples.Select(e => e["group"]!.GetValue<string>()));
        Assert.All(examples.Take(4), e => Assert.Equal(strongest, e["background"]!.GetValue<string>()));
        Assert.All(examples.Skip(4).Take(4), e => Assert.NotEqual(strongest, e["background"]!.GetValue<string>()));
        foreach (var example in examples.Skip(8))
        {
            Assert.Equal("red circle", example["class"]!.GetValue<string>());
            var positions = example["positions"]!.AsArray().Select(p => p!.GetValue<int>()).ToHashSet();
            Assert.Subset(positions, example["off_object"]!.AsArray().Select(p => p!.GetValue<int>()).ToHashSet());
        }
        var png = await Http.GetByteArrayAsync($"/api/experiments/{id}/files/{examples[0]["image_file"]!.GetValue<string>()}");
        Assert.Equal(0x89, png[0]);
    }

    [Fact]
    public async Task The_whole_experiment_exports_as_a_zip_and_annotations_attach_to_it()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "zip", method = "sample-level", conceptIds = new[] { _dot, _bar }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        using var zip = new ZipArchive(new MemoryStream(await Http.GetByteArrayAsync($"/api/experiments/{id}/export.zip")));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("experiment.json", names);
        Assert.Contains("files/tis.npy", names);
        Assert.Contains("files/saliency.png", names);

        using var annotate = await Http.PostAsJsonAsync($"/api/experiments/{id}/annotations", new { target = "token", tokenId = 17, text = "<b>edge</b> token" });
        Assert.Equal(HttpStatusCode.Created, annotate.StatusCode);
        var listed = (await Http.GetFromJsonAsync<JsonArray>($"/api/experiments/{id}/annotations"))!;
        var note = Assert.Single(listed)!;
        Assert.Equal("<b>edge</b> token", note["text"]!.GetValue<string>());
        Assert.Equal("tester", note["author"]!.GetValue<string>());

        using var raise = await Http.PostAsJsonAsync("/api/findings", new { experimentId = id, conceptId = _dot, title = "token 17 marks the edge", tokens = new[] { 17 } });
        Assert.Equal(HttpStatusCode.Created, raise.StatusCode);
        var findingId = (await raise.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var onFinding = await Http.PostAsJsonAsync($"/api/experiments/{id}/annotations", new { target = "finding", findingId, text = "seen it too" });
        Assert.Equal(HttpStatusCode.Created, onFinding.StatusCode);
        using var dismiss = await Http.PatchAsJsonAsync($"/api/findings/{findingId}", new { status = "dismissed" });
        Assert.Equal("dismissed", (await dismiss.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/findings/{findingId}")).StatusCode);
        Assert.Single((await Http.GetFromJsonAsync<JsonArray>($"/api/experiments/{id}/annotations"))!);
    }

    [Fact]
    public async Task Lists_filter_by_status_and_concept_and_page()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "listed", method = "sample-level", conceptIds = new[] { _red, _blue }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        var byConcept = (await Http.GetFromJsonAsync<JsonObject>($"/api/experiments?concept={_blue}&pageSize=5"))!;
        Assert.Contains(id, byConcept["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        Assert.Equal(5, byConcept["pageSize"]!.GetValue<int>());
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        var succeeded = (await Http.GetFromJsonAsync<JsonObject>("/api/experiments?status=succeeded"))!;
        Assert.All(succeeded["items"]!.AsArray(), e => Assert.Equal("succeeded", e!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Health_readiness_openapi_and_models_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/healthz")).StatusCode);
        var ready = (await Http.GetFromJsonAsync<JsonObject>("/readyz"))!;
        Assert.True(ready["modelLoaded"]!.GetValue<bool>() && ready["databaseOpen"]!.GetValue<bool>() && ready["workerAlive"]!.GetValue<bool>());
        var openapi = (await Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        Assert.Contains("/api/experiments", openapi["paths"]!.AsObject().Select(p => p.Key));
        var models = (await Http.GetFromJsonAsync<JsonArray>("/api/models"))!;
        Assert.Equal("builtin", Assert.Single(models)!["id"]!.GetValue<string>());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
