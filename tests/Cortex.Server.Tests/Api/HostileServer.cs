using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>The server under the hostile request corpus, with the ids its placeholders stand for.</summary>
public sealed class HostileServer : IAsyncLifetime
{
    public ServerFixture Server { get; private set; } = default!;
    Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        Server = await ServerFixture.StartAsync();
        Models.HostileModelFiles.WriteInto(Path.Combine(Server.DataDirectory, "models"));
        var (a, b) = (await Server.CreateConceptAsync("a", "blue cross"), await Server.CreateConceptAsync("b", "green cross"));
        var experiment = (await Server.CreateExperimentAsync(new { name = "target", method = "sample-level", conceptIds = new[] { a, b },
            parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        // Only its id is needed: cancelled at once, it leaves the cores to the corpus.
        using var cancelled = await Server.Http.PostAsync($"/api/experiments/{experiment}/cancel", null);
        using var finding = await Server.Http.PostAsJsonAsync("/api/findings", new { experimentId = experiment, conceptId = a, title = "target", tokens = new[] { 1 } });
        finding.EnsureSuccessStatusCode();
        _ids = new() { ["{a}"] = a, ["{b}"] = b, ["{experiment}"] = experiment, ["{finding}"] = (await finding.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>() };
    }

    string Fill(string text) => _ids.Aggregate(text, (filled, id) => filled.Replace(id.Key, id.Value));

    public async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(HostileRequest hostile)
    {
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), Fill(hostile.Path));
        if (hostile.Body is not null)
        {
            request.Content = new StringContent(Fill(hostile.Body), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(hostile.ContentType);
            // Large bodies wait for the go-ahead (as curl does), so that Kestrel's early 413 arrives instead of a broken pipe.
            request.Headers.ExpectContinue = hostile.Body.Length > 1 << 20;
        }
        using var response = await Server.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
