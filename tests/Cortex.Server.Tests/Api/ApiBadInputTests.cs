using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>A client's mistakes get Problem Details naming the field, with 400/404/409/413 — never a 500 — and the server keeps serving.</summary>
public sealed class ApiBadInputTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _a = "", _b = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        _a = await _server.CreateConceptAsync("a", "blue cross");
        _b = await _server.CreateConceptAsync("b", "green cross");
    }

    async Task<(HttpStatusCode Status, JsonObject Problem)> Post(string path, string json)
    {
        using var response = await _server.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(body)!.AsObject());
    }

    static IEnumerable<string> Fields(JsonObject problem) => problem["errors"]!.AsObject().Select(e => e.Key);

    [Fact]
    public async Task Invalid_experiment_specs_name_each_field()
    {
        var (status, problem) = await Post("/api/experiments", $$$"""
            {"name": "", "method": "telepathy", "conceptIds": ["{{{_a}}}", "nope"],
             "parameters": {"extractor": "vgg", "tisMethod": "magic", "imagesPerConcept": 3, "topN": 0, "device": "tpu"}}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["conceptIds[1]", "method", "name", "parameters.device", "parameters.extractor", "parameters.imagesPerConcept", "parameters.tisMethod", "parameters.topN"],
            Fields(problem).Order());
        Assert.Contains("'tpu' is not a device kind; use any, cpu, gpu.", problem["errors"]!["parameters.device"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Codebook_specs_check_steps_ceiling_region_and_concepts()
    {
        var (status, problem) = await Post("/api/experiments", $$$"""
            {"name": "x", "method": "codebook-level", "conceptIds": ["{{{_a}}}", "{{{_b}}}"],
             "parameters": {"steps": 100000000, "learningRate": -1, "temperature": 0, "sourceConceptId": "{{{_a}}}", "targetConceptId": "{{{_a}}}",
                            "region": [3, 64, -1], "sourceImage": 999}}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["parameters.learningRate", "parameters.region", "parameters.sourceImage", "parameters.steps", "parameters.targetConceptId", "parameters.temperature"], Fields(problem).Order());
        Assert.Contains("64", problem["errors"]!["parameters.region"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"method\": \"sample-level\", \"parameters\": {\"learningRate\": NaN}}")]
    [InlineData("{\"name\": \"x\", \"method\": \"sample-level\", \"parameters\": {\"seed\": 1e400}}")]
    [InlineData("{\"name\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"name\": \"x\", \"parameters\": {\"topN\": \"five\"}}")]
    public async Task Malformed_json_and_non_numbers_are_400(string json)
    {
        var (status, problem) = await Post("/api/experiments", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Oversized_bodies_are_413()
    {
        var huge = "{\"name\": \"" + new string('x', 2 << 20) + "\"}";
        // The client asks before sending the body (as curl does for large ones): otherwise Kestrel's early 413 can race the upload and arrive as a broken pipe.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/concepts") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Over_long_names_and_unknown_classes_are_refused()
    {
        var (status, problem) = await Post("/api/concepts", $$"""{"name": "{{new string('n', 300)}}", "className": "pink hexagon", "source": "dreamed"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["className", "name", "source"], Fields(problem).Order());
        var (filterStatus, filterProblem) = await Post("/api/concepts", """{"name": "f", "className": "red circle", "source": "filter", "background": "purple"}""");
        Assert.Equal(HttpStatusCode.BadRequest, filterStatus);
        Assert.Equal(["background"], Fields(filterProblem));
    }

    [Theory]
    [InlineData("GET", "/api/experiments/unknown")]
    [InlineData("GET", "/api/concepts/unknown")]
    [InlineData("POST", "/api/experiments/unknown/cancel")]
    [InlineData("GET", "/api/experiments/unknown/files/tis.npy")]
    [InlineData("GET", "/api/findings/unknown")]
    public async Task Unknown_ids_are_404_problems(string method, string path)
    {
        using var response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("unknown", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_concept_in_use_cannot_be_deleted_and_a_finished_experiment_cannot_be_cancelled()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "uses a", method = "sample-level", conceptIds = new[] { _a, _b }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, (await _server.Http.DeleteAsync($"/api/concepts/{_a}")).StatusCode);
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        using var cancel = await _server.Http.PostAsync($"/api/experiments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/healthz")).StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
