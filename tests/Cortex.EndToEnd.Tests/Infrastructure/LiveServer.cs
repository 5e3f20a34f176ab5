using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Cli;
using Cortex.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.EndToEnd;

/// <summary>
/// The real Cortex server (built-in model, worker, hub, dashboard) on a loopback port with a
/// temporary data directory, and the few REST calls that set the scene for a browser.
/// Shared by the end-to-end tests and the browser benchmark.
/// </summary>
public sealed class LiveServer : IAsyncDisposable
{
    public const string ApiUser = "api-client";

    readonly WebApplication _app;

    LiveServer(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Http = new HttpClient { BaseAddress = Address };
        var key = Server.Accounts.AccountService.ProvisionAdmin(app.Services.GetRequiredService<Server.Storage.CortexDatabase>(), ApiUser, "e2e");
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>The password every browser account of these tests gets.</summary>
    public static string PasswordOf(string name) => $"e2e password of {name}";

    /// <summary>An account a browser signs in with (once per name; a server administrator unless a role in the default workspace is given).</summary>
    public async Task EnsureAccountAsync(string name, Web.Services.Role role = Web.Services.Role.Admin)
    {
        var accounts = Services.GetRequiredService<Server.Accounts.AccountService>();
        if ((await accounts.ListUsersAsync()).All(u => u.Id != name.ToLowerInvariant()))
        {
            var created = accounts.CreateAccount(name, PasswordOf(name), administrator: role == Web.Services.Role.Admin, Web.Services.Workspaces.DefaultId, role, "e2e");
            if (!created.Succeeded) throw new InvalidOperationException(created.Message);
        }
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="configure">Further host settings, e.g. quieter logging for a benchmark.</param>
    public static async Task<LiveServer> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        Compute.Native.TorchRuntime.Initialize();
        var dataDirectory = Directory.CreateTempSubdirectory("cortex-e2e-").FullName;
        var app = CortexHost.Build(new ServeOptions("http://127.0.0.1:0", ModelDirectory: null, dataDirectory), builder =>
        {
            // A short queue poll lets a run start as soon as it is created, which keeps waits short.
            builder.Configuration["Cortex:QueuePollMilliseconds"] = "100";
            // Every test person signs in through the form, from the same address, in parallel test classes.
            builder.Configuration["Cortex:SignInAttemptsPerMinute"] = "1000";
            // Open pages learn of changed roles within a second or two, so a test need not wait half a minute.
            builder.Configuration["Cortex:CircuitRevalidationSeconds"] = "1";
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new LiveServer(app, dataDirectory);
    }

    public string Url(string path) => new Uri(Address, path).ToString();

    public async Task<string> CreateConceptAsync(string name, string className)
    {
        using var response = await Http.PostAsJsonAsync("/api/concepts", new { name, className, source = "generated" });
        return await IdOf(response);
    }

    public async Task<string> CreateExperimentAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/api/experiments", request);
        return await IdOf(response);
    }

    public async Task<string> CreateFindingAsync(string experimentId, string conceptId, string title, IReadOnlyList<long> tokens)
    {
        using var response = await Http.PostAsJsonAsync("/api/findings", new { experimentId, conceptId, title, tokens, comment = (string?)null });
        return await IdOf(response);
    }

    /// <summary>
    /// An open finding as a shortcut review raises it, with measured evidence (the API raises only hand-made ones,
    /// which carry none), announced to open pages as the review service announces one.
    /// </summary>
    public string RaiseMeasuredFinding(string experimentId, string conceptId, string title, IReadOnlyList<long> tokens, double cliffsDelta)
    {
        var now = DateTime.UtcNow;
        var finding = new Server.Storage.StoredFinding
        {
            Id = Server.Storage.Ids.New(), ExperimentId = experimentId, ConceptId = conceptId, Title = title, Tokens = [.. tokens],
            Evidence = new()
            {
                [Web.Services.FindingEvidence.CliffsDeltaKey] = cliffsDelta,
                [Web.Services.FindingEvidence.IntervalLowKey] = cliffsDelta - 0.05,
                [Web.Services.FindingEvidence.IntervalHighKey] = Math.Min(1, cliffsDelta + 0.01),
                [Web.Services.FindingEvidence.CorrectedPValueKey] = 0.002,
                [Web.Services.FindingEvidence.BackgroundFractionKey] = 0.7,
            },
            Status = Web.Contracts.FindingStatus.Open, CreatedAt = now, UpdatedAt = now,
        };
        Services.GetRequiredService<Server.Storage.CortexDatabase>().Findings.Insert(finding);
        Services.GetRequiredService<Server.Services.FindingFeed>().Publish(new Web.Services.FindingChange(finding.Id, finding.WorkspaceId, Web.Services.FindingChanges.Raised, null));
        return finding.Id;
    }

    public async Task<JsonObject> GetAsync(string path) => (await Http.GetFromJsonAsync<JsonObject>(path))!;

    /// <summary>Polls the experiment until it reaches <paramref name="status"/>; throws on any other final status or after the timeout.</summary>
    public async Task<JsonObject> WaitForStatusAsync(string experimentId, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var experiment = await GetAsync($"/api/experiments/{experimentId}");
            var current = experiment["status"]!.GetValue<string>();
            if (current == status) return experiment;
            if (current is "succeeded" or "failed" or "cancelled" or "interrupted")
                throw new InvalidOperationException($"experiment {experimentId} ended {current}, not {status}: {experiment["error"]}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"experiment {experimentId} is still {current} after {timeout}");
            await Task.Delay(100);
        }
    }

    static async Task<string> IdOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
