using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Cli;
using Cortex.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// The real Cortex server on a loopback port with its own temporary data directory (a real LiteDB
/// file), and helpers to drive it over HTTP as a client would.
/// </summary>
public sealed class ServerFixture : IAsyncDisposable
{
    WebApplication? _app;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("cortex-data-").FullName;
    public HttpClient Http { get; private set; } = default!;
    public Uri Address { get; private set; } = default!;
    public IServiceProvider Services => _app!.Services;

    /// <summary>
    /// The services a request of <paramref name="name"/> (the fixture's "tester" unless named) working in
    /// <paramref name="workspace"/> gets: the workspace's services are scoped to whoever asks. The scope lasts as long as the host.
    /// </summary>
    public IServiceProvider ServicesOf(string name = "tester", string workspace = Web.Services.Workspaces.DefaultId)
    {
        var services = Services.CreateScope().ServiceProvider;
        var user = services.GetRequiredService<Storage.CortexDatabase>().Users.FindById(name.ToLowerInvariant())!;
        var principal = Server.Accounts.AccountPrincipal.For(user, services.GetRequiredService<Server.Accounts.WorkspaceService>().Mine(user.Id), new Server.Accounts.WorkspaceRequest(workspace, Explicit: true), "test");
        services.GetRequiredService<Server.Accounts.WorkspaceScope>().Use(principal);
        return services;
    }

    /// <param name="settings">Configuration for this server, e.g. <c>Cortex:MaxConcurrentExperiments</c>.</param>
    public static async Task<ServerFixture> StartAsync(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var fixture = dataDirectory is null ? new ServerFixture() : new ServerFixture(dataDirectory);
        await fixture.StartHostAsync(settings);
        return fixture;
    }

    ServerFixture()
    {
    }

    ServerFixture(string dataDirectory) => DataDirectory = dataDirectory;

    async Task StartHostAsync(IReadOnlyDictionary<string, string>? settings)
    {
        Compute.Native.TorchRuntime.Initialize();
        _app = CortexHost.Build(new ServeOptions("http://127.0.0.1:0", ModelDirectory: null, DataDirectory), builder =>
        {
            builder.Configuration["Cortex:QueuePollMilliseconds"] = "100";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        });
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        ApiKey = await KeyForAsync("tester", Web.Services.Role.Admin);
        Http = CortexApi.CreateClient(Address, ApiKey);
    }

    /// <summary>The API key of the fixture's admin, "tester", whom <see cref="Http"/> signs in as.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>
    /// An account with the role in <paramref name="workspace"/> (the default one unless named) — an admin is also a
    /// server administrator — created on first use ("tester" already exists after a restart), and a new API key of it.
    /// </summary>
    public async Task<string> KeyForAsync(string name, Web.Services.Role role, string workspace = Web.Services.Workspaces.DefaultId)
    {
        var accounts = Services.GetRequiredService<Cortex.Server.Accounts.AccountService>();
        var id = name.ToLowerInvariant();
        if ((await accounts.ListUsersAsync()).All(u => u.Id != id))
        {
            var created = accounts.CreateAccount(name, "a long test password", administrator: role == Web.Services.Role.Admin, workspace, role, "fixture");
            Assert.True(created.Succeeded, created.Message);
        }
        return (await accounts.CreateKeyAsync(id, "tests")).Value!.Secret;
    }

    /// <summary>An HTTP client of the server that presents <paramref name="apiKey"/> (or nothing, for null).</summary>
    public HttpClient ClientWith(string? apiKey) => CortexApi.CreateClient(Address, apiKey);

    /// <summary>Stops the host; the data directory stays for a restart.</summary>
    public async Task StopAsync()
    {
        Http?.Dispose();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public Task<string> CreateConceptAsync(string name, string? className, string source = "generated", string? background = null) =>
        Http.CreateConceptAsync(name, className, source, background);

    /// <summary>The concepts every method is run on: a fine-grained pair (dot, bar), a class (red circles) and a filtered class (blue squares on grey).</summary>
    public async Task<(string Dot, string Bar, string Red, string Blue)> CreateMethodConceptsAsync() =>
        (await CreateConceptAsync("dot", "purple square with dot"), await CreateConceptAsync("bar", "purple square with bar"),
         await CreateConceptAsync("red circles", "red circle"), await CreateConceptAsync("blue squares on grey", "blue square", source: "filter", background: "grey"));

    public Task<JsonObject> CreateExperimentAsync(object request) => Http.CreateExperimentAsync(request);

    public Task<JsonObject> GetExperimentAsync(string id) => Http.GetExperimentAsync(id);

    /// <summary>Polls until the experiment reaches one of the statuses (or fails the test after the timeout).</summary>
    public Task<JsonObject> WaitForAsync(string id, TimeSpan timeout, params string[] statuses) => Http.WaitForAsync(id, timeout, statuses);

    public static object QuickParameters(object? extra = null)
    {
        var parameters = new JsonObject { ["imagesPerConcept"] = 16, ["extractorEpochs"] = 2, ["steps"] = 20, ["decodeEvery"] = 5 };
        if (extra is not null)
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject()) parameters[key] = value?.DeepClone();
        return parameters;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        // A restarted server on the same directory may have removed it already.
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
