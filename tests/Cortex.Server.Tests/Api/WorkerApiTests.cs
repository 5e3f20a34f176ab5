using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Compute.Native;
using Cortex.Server.Models;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Api;

/// <summary><c>GET /api/workers</c>: the head's own worker and the run it holds, for server administrators only.</summary>
public sealed class WorkerApiTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    static async Task<JsonObject> LocalWorkerAsync(HttpClient http)
    {
        var workers = (await http.GetFromJsonAsync<JsonArray>("/api/workers"))!;
        return Assert.Single(workers, w => w!["name"]!.GetValue<string>() == "local")!.AsObject();
    }

    [Fact]
    public async Task An_administrator_sees_the_local_worker_with_its_machine_device_slots_and_the_run_it_holds()
    {
        var local = await LocalWorkerAsync(_server.Http);
        Assert.Equal(Environment.MachineName, local["machine"]!.GetValue<string>());
        Assert.Equal(TorchRuntime.Name(_server.Services.GetRequiredService<ModelRegistry>().Device), local["device"]!.GetValue<string>());
        Assert.True(local["slots"]!.GetValue<int>() >= 1);
        Assert.Empty(local["running"]!.AsArray());
        var lastSeen = local["lastSeen"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.InRange(lastSeen, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));

        var (dot, bar) = (await _server.CreateConceptAsync("dot", "purple square with dot"), await _server.CreateConceptAsync("bar", "purple square with bar"));
        var id = (await _server.CreateExperimentAsync(new
        {
            name = "held by local", method = "codebook-level", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { steps = 2_000, decodeEvery = 100, sourceConceptId = dot, targetConceptId = bar }),
        }))["id"]!.GetValue<string>();
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(2), "running");

        var running = (await LocalWorkerAsync(_server.Http))["running"]!.AsArray();
        var run = Assert.Single(running)!;
        Assert.Equal((id, "held by local"), (run["id"]!.GetValue<string>(), run["name"]!.GetValue<string>()));
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(5), "succeeded");
        Assert.Empty((await LocalWorkerAsync(_server.Http))["running"]!.AsArray());
    }

    [Theory]
    [InlineData("ed", Role.Editor, "an editor")]
    [InlineData("val", Role.Viewer, "a viewer")]
    public async Task Anyone_but_a_server_administrator_gets_403_with_the_reason(string name, Role role, string held)
    {
        using var http = _server.ClientWith(await _server.KeyForAsync(name, role));

        using var response = await http.GetAsync("/api/workers");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"GET /api/workers needs a server administrator; you are {held} in workspace 'Default'.", problem["detail"]!.GetValue<string>());
    }
}
