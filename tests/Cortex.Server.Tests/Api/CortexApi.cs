using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// The REST API as this project's tests call it, whether the server runs in the test's process or as
/// a child process: the one place their <see cref="HttpClient"/> is made, and the calls most tests share.
/// </summary>
public static class CortexApi
{
    public const string User = "tester";

    /// <summary>A client of the server at <paramref name="address"/> that signs in with <paramref name="apiKey"/> (none: anonymous).</summary>
    public static HttpClient CreateClient(Uri address, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = address };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    /// <summary>Creates <see cref="User"/> as an admin in a data directory no server holds open, and returns a key of that account.</summary>
    public static string CreateAccount(string dataDirectory)
    {
        using var database = Storage.CortexDatabase.Open(dataDirectory);
        return Cortex.Server.Accounts.AccountService.ProvisionAdmin(database, User, "tests");
    }

    public static async Task<string> CreateConceptAsync(this HttpClient http, string name, string? className, string source = "generated", string? background = null)
    {
        using var response = await http.PostAsJsonAsync("/api/concepts", new { name, className, source, background });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> CreateExperimentAsync(this HttpClient http, object request)
    {
        using var response = await http.PostAsJsonAsync("/api/experiments", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> GetExperimentAsync(this HttpClient http, string id) => (await http.GetFromJsonAsync<JsonObject>($"/api/experiments/{id}"))!;

    /// <summary>Polls until the experiment reaches one of the statuses (or fails the test after the timeout).</summary>
    public static async Task<JsonObject> WaitForAsync(this HttpClient http, string id, TimeSpan timeout, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var experiment = await http.GetExperimentAsync(id);
            var status = experiment["status"]!.GetValue<string>();
            if (statuses.Contains(status)) return experiment;
            Assert.True(DateTime.UtcNow < deadline,
                $"experiment {id} is {status} after {timeout} (stage '{experiment["stage"]}', progress {experiment["progress"]}): {experiment["error"]}");
            await Task.Delay(100);
        }
    }
}
