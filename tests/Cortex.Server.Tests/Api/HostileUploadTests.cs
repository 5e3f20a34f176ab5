using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Compute.Tests.Imaging;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// The hostile image corpus through the upload API, in one batch among good images: each bad file is
/// refused by name with its reason, every good one is stored, and the server keeps serving.
/// </summary>
public sealed class HostileUploadTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    [Fact]
    public async Task A_batch_of_hostile_files_among_good_ones_gets_one_answer_per_file()
    {
        var id = await _server.CreateConceptAsync("hostile uploads", className: null, source: "uploaded");
        var good = new[] { new HostileImages.Case("good-0.png", TestImages.Png(48, 40, seed: 1), null), new HostileImages.Case("good-1.jpg", TestImages.Jpeg(40, 48, seed: 2), null) };
        var batch = good[..1].Concat(HostileImages.All).Concat(good[1..]).ToList();

        using var response = await _server.Http.PostAsync($"/api/concepts/{id}/images", TestImages.Form(batch.Select(f => (f.Name, f.Bytes)).ToArray()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var results = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(batch.Select(f => f.Name), results.Select(r => r!["name"]!.GetValue<string>()));
        foreach (var (file, result) in batch.Zip(results))
        {
            if (file.Refusal is null) Assert.True(result!["accepted"]!.GetValue<bool>(), $"{file.Name}: {result["error"]}");
            else Assert.StartsWith($"{file.Name} {file.Refusal}", result!["error"]?.GetValue<string>() ?? $"{file.Name} was accepted");
        }

        var accepted = batch.Where(f => f.Refusal is null).Select(f => f.Name).ToList();
        var listed = (await _server.Http.GetFromJsonAsync<JsonArray>($"/api/concepts/{id}/images"))!;
        Assert.Equal(accepted, listed.Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(0, accepted.Count), listed.Select(i => i!["index"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync($"/api/concepts/{id}/images/{accepted.Count - 1}.png")).StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
