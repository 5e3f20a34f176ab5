using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Compute.Imaging;
using Cortex.Server.Api;
using Cortex.Server.Storage;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Api;

/// <summary>Uploaded concepts over HTTP: a batch with bad files in it, the stored images, experiments on them, and the limits.</summary>
public sealed class ConceptUploadTests : IAsyncLifetime
{
    const int ModelSize = 32;

    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    HttpClient Http => _server.Http;

    async Task<JsonArray> UploadAsync(string conceptId, params (string Name, byte[] Bytes)[] files)
    {
        using var response = await Http.PostAsync($"/api/concepts/{conceptId}/images", TestImages.Form(files));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsArray();
    }

    async Task<string> UploadedConceptAsync(string name, int images)
    {
        var id = await _server.CreateConceptAsync(name, className: null, source: "uploaded");
        if (images > 0) await UploadAsync(id, Enumerable.Range(0, images).Select(i => ($"{name}-{i}.png", TestImages.Png(48, 40, seed: name.Length * 100 + i))).ToArray());
        return id;
    }

    static async Task<(HttpStatusCode Status, JsonObject Problem)> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task A_batch_with_bad_files_keeps_the_good_ones_and_says_why_for_each_bad_one()
    {
        var id = await _server.CreateConceptAsync("my photos", className: null, source: "uploaded");
        var png = TestImages.Png(120, 60, seed: 1);
        var noise = new byte[500];
        new Random(2).NextBytes(noise);

        var results = await UploadAsync(id,
            ("wide.png", png),
            ("anim.png", TestImages.Gif(40, 40, seed: 3)),
            ("cut.png", png[..(png.Length / 2)]),
            ("photo.jpg", TestImages.Jpeg(50, 90, seed: 4)),
            ("C:\\Users\\ada\\noise.jpeg", noise));

        Assert.Equal(["wide.png", "anim.png", "cut.png", "photo.jpg", "noise.jpeg"], results.Select(r => r!["name"]!.GetValue<string>()));
        Assert.Equal([true, false, false, true, false], results.Select(r => r!["accepted"]!.GetValue<bool>()));
        Assert.Equal(0, results[0]!["index"]!.GetValue<int>());
        Assert.Equal(1, results[3]!["index"]!.GetValue<int>());
        Assert.Equal("anim.png is not a PNG or JPEG image.", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("cut.png is not a complete PNG image (it ends early).", results[2]!["error"]!.GetValue<string>());
        Assert.Equal("noise.jpeg is not a PNG or JPEG image.", results[4]!["error"]!.GetValue<string>());

        var listed = (await Http.GetFromJsonAsync<JsonArray>($"/api/concepts/{id}/images"))!;
        Assert.Equal(["wide.png", "photo.jpg"], listed.Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal([0, 1], listed.Select(i => i!["index"]!.GetValue<int>()));

        // Stored at the model's size, the original bytes gone; the support set decodes them at the dashboard's 4× scale.
        var stored = await Http.GetByteArrayAsync($"/api/concepts/{id}/images/1.png");
        Assert.Equal((ModelSize, ModelSize), TestImages.Size(stored));
        Assert.Equal((4 * ModelSize, 4 * ModelSize), TestImages.Size(await Http.GetByteArrayAsync($"/{ApiUrls.SupportImage(id, 1, 2, 1)}")));
        var support = await _server.ServicesOf().GetRequiredService<IConceptService>().SupportAsync(id, 2, seed: 9);
        Assert.Equal(2, support!.Tokens.Count);

        var concept = (await Http.GetFromJsonAsync<JsonObject>($"/api/concepts/{id}"))!;
        Assert.Equal("uploaded", concept["source"]!.GetValue<string>());
        Assert.Equal(ConceptDocument.NoClass, concept["classId"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_experiment_on_uploaded_images_against_another_concept_runs_to_succeeded()
    {
        var uploaded = await UploadedConceptAsync("uploads", images: 16);
        var red = await _server.CreateConceptAsync("red circles", "red circle");

        var id = (await _server.CreateExperimentAsync(new { name = "uploads vs red", method = "concept-level", conceptIds = new[] { uploaded, red },
            parameters = ServerFixture.QuickParameters(new { topN = 3, tokenNum = 4 }) }))["id"]!.GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");

        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        Assert.Equal(4, done["summary"]!["tokenSets"]!["uploads"]!.AsArray().Count);
        // The run's support set is the concept's first 16 images, the same the dashboard shows.
        var (_, _, data) = NpyReader.Read(await Http.GetByteArrayAsync($"/api/experiments/{id}/files/tokens.npy"));
        var support = await _server.ServicesOf().GetRequiredService<IConceptService>().SupportAsync(uploaded, 16, seed: 1);
        Assert.Equal(support!.Tokens.SelectMany(t => t), NpyReader.Longs(data)[..(16 * 64)]);
    }

    [Fact]
    public async Task Asking_for_more_images_than_were_uploaded_is_refused_on_the_field()
    {
        var few = await UploadedConceptAsync("few", images: 10);
        var none = await UploadedConceptAsync("none", images: 0);
        var red = await _server.CreateConceptAsync("red circles", "red circle");

        using var response = await Http.PostAsJsonAsync("/api/experiments", new { name = "too many", method = "sample-level", conceptIds = new[] { few, none, red },
            parameters = ServerFixture.QuickParameters() });
        var (status, problem) = await ProblemOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["parameters.imagesPerConcept"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal([
            "'few' holds 10 uploaded images; ask for at most 10 per concept, or upload more.",
            "'none' holds 0 uploaded images; an experiment needs at least 8 per concept, so upload more.",
        ], problem["errors"]!["parameters.imagesPerConcept"]!.AsArray().Select(m => m!.GetValue<string>()));

        using var supportResponse = await Http.GetAsync($"/{ApiUrls.SupportImage(few, 0, 16, 1)}");
        var (supportStatus, supportProblem) = await ProblemOf(supportResponse);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, supportStatus);
        Assert.Contains("'few' holds 10 uploaded images; 16 were asked for.", supportProblem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Methods_that_ask_the_evaluators_need_a_class()
    {
        var uploads = await UploadedConceptAsync("classless", images: 16);
        var red = await _server.CreateConceptAsync("red circles", "red circle");

        using var response = await Http.PostAsJsonAsync("/api/experiments", new { name = "edit", method = "codebook-level", conceptIds = new[] { red, uploads },
            parameters = ServerFixture.QuickParameters(new { sourceConceptId = red, targetConceptId = uploads }) });
        var (status, problem) = await ProblemOf(response);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["parameters.targetConceptId"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.StartsWith("'classless' has no class, and codebook-level needs one", problem["errors"]!["parameters.targetConceptId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upload_over_its_cap_is_a_413_problem_and_the_server_keeps_serving()
    {
        var id = await UploadedConceptAsync("big", images: 0);

        // The client asks before sending 64 MiB (as curl does for large bodies), so the refusal arrives instead of a broken pipe.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/concepts/{id}/images") { Content = TestImages.Form(("huge.png", new byte[ConceptImageEndpoints.MaxUploadBytes + 1])) };
        request.Headers.ExpectContinue = true;
        using var response = await Http.SendAsync(request);
        var (status, problem) = await ProblemOf(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("at most 64 MiB", problem["detail"]!.GetValue<string>());
        // Over the server-wide 1 MiB but under the upload cap: the file is read and refused by its own 10 MiB limit.
        var results = await UploadAsync(id, ("big.png", new byte[ImageImport.MaxBytes + 1]), ("ok.png", TestImages.Png(32, 32, seed: 5)));
        Assert.Equal("big.png is 10.0 MiB; at most 10.0 MiB per file.", results[0]!["error"]!.GetValue<string>());
        Assert.True(results[1]!["accepted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Only_uploaded_concepts_take_images_and_a_delete_moves_the_later_ones_up()
    {
        var id = await UploadedConceptAsync("three", images: 3);
        var generated = await _server.CreateConceptAsync("generated", "red circle");

        using (var refused = await Http.PostAsync($"/api/concepts/{generated}/images", TestImages.Form(("a.png", TestImages.Png(32, 32, 1)))))
            Assert.Equal(HttpStatusCode.Conflict, (await ProblemOf(refused)).Status);
        using (var unknown = await Http.PostAsync("/api/concepts/unknown/images", TestImages.Form(("a.png", TestImages.Png(32, 32, 1)))))
            Assert.Equal(HttpStatusCode.NotFound, (await ProblemOf(unknown)).Status);
        using (var empty = await Http.PostAsync($"/api/concepts/{id}/images", new MultipartFormDataContent { { new StringContent("x"), "note" } }))
            Assert.Equal(["files"], (await ProblemOf(empty)).Problem["errors"]!.AsObject().Select(e => e.Key));

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/concepts/{id}/images/1")).StatusCode);
        var listed = (await Http.GetFromJsonAsync<JsonArray>($"/api/concepts/{id}/images"))!;
        Assert.Equal(["three-0.png", "three-2.png"], listed.Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/api/concepts/{id}/images/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/concepts/{id}/images/2.png")).StatusCode);

        var after = await UploadAsync(id, ("three-3.png", TestImages.Png(32, 32, 7)));
        Assert.Equal(2, after[0]!["index"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/concepts/{id}")).StatusCode);
        Assert.Equal(0, _server.Services.GetRequiredService<ConceptImageStore>().Count(id));
    }

    [Fact]
    public async Task An_uploaded_concept_may_name_a_class_and_other_sources_must()
    {
        using var withClass = await Http.PostAsJsonAsync("/api/concepts", new { name = "rendered reds", source = "uploaded", className = "red circle" });
        Assert.Equal(HttpStatusCode.Created, withClass.StatusCode);
        Assert.NotEqual(ConceptDocument.NoClass, (await withClass.Content.ReadFromJsonAsync<JsonObject>())!["classId"]!.GetValue<int>());

        using var without = await Http.PostAsJsonAsync("/api/concepts", new { name = "no class", source = "encoded" });
        Assert.Equal(["className"], (await ProblemOf(without)).Problem["errors"]!.AsObject().Select(e => e.Key));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
