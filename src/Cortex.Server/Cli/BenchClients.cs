using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Streaming;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Cli;

/// <summary>
/// How the benchmarks reach a Cortex server, signed in with an API key. Every HTTP client and hub
/// connection they open is made here.
/// </summary>
public sealed record BenchClients(Uri Server, string ApiKey)
{
    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = Server };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    public HubConnection Hub() => new HubConnectionBuilder()
        .WithUrl(new Uri(Server, ExperimentHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(ApiKey))
        .Build();

    /// <summary>The benchmark's own admin account and its API key.</summary>
    public static string CreateAccount(Storage.CortexDatabase database) => Accounts.AccountService.ProvisionAdmin(database, "bench", "cortex bench");

    /// <summary>Creates two generated concepts that a codebook-level run can edit one into the other.</summary>
    public static async Task<(string Source, string Target)> CreateConceptPairAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await CreateAsync(http, "/api/concepts", new { name = "source", className = "green circle with dot", source = "generated" }, cancellationToken),
         await CreateAsync(http, "/api/concepts", new { name = "target", className = "green circle with bar", source = "generated" }, cancellationToken));

    /// <summary>Queues a codebook-level run on a small support set (16 images per concept, 2 extractor epochs), so that it streams soon.</summary>
    public static Task<string> QueueCodebookRunAsync(HttpClient http, string name, (string Source, string Target) concepts, int steps, int decodeEvery,
        CancellationToken cancellationToken) =>
        CreateAsync(http, "/api/experiments", new
        {
            name, method = ExperimentMethodNames.CodebookLevel, conceptIds = new[] { concepts.Source, concepts.Target },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 2, steps, decodeEvery, sourceConceptId = concepts.Source, targetConceptId = concepts.Target },
        }, cancellationToken);

    /// <summary>Queues a sample-level run (TIS maps) on the same small support set.</summary>
    public static Task<string> QueueSampleRunAsync(HttpClient http, string name, (string Source, string Target) concepts, CancellationToken cancellationToken) =>
        CreateAsync(http, "/api/experiments", new
        {
            name, method = ExperimentMethodNames.SampleLevel, conceptIds = new[] { concepts.Source, concepts.Target },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 2 },
        }, cancellationToken);

    static async Task<string> CreateAsync(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.GetValue<string>();
    }
}
