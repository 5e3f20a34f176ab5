using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Storage;
using Cortex.Server.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Telemetry;

/// <summary><c>/healthz</c> and <c>/readyz</c> as health checks on a real server with a real data file.</summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Liveness_answers_200_with_json_naming_its_check_and_not_the_database()
    {
        using var anonymous = _server.ClientWith(apiKey: null);
        using var response = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.Equal(["self"], body["checks"]!.AsObject().Select(c => c.Key));
    }

    [Fact]
    public async Task Readiness_names_the_database_the_compute_device_and_the_cluster()
    {
        using var response = await _server.ClientWith(apiKey: null).GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        var checks = body["checks"]!.AsObject();
        Assert.Equal(["cluster", "compute", "database"], checks.Select(c => c.Key).Order());
        Assert.All(checks, c => Assert.Equal("healthy", c.Value!["status"]!.GetValue<string>()));
        Assert.Equal("cpu", checks["compute"]!["data"]!["device"]!.GetValue<string>());
        Assert.Equal("alive on cpu", checks["cluster"]!["data"]!["local"]!.GetValue<string>());
        var database = _server.Services.GetRequiredService<CortexDatabase>();
        Assert.Equal(database.Path, checks["database"]!["data"]!["path"]!.GetValue<string>());
        // The fields /readyz answered before it became health checks, which `cortex serve`'s callers read.
        Assert.True(body["modelLoaded"]!.GetValue<bool>() && body["databaseOpen"]!.GetValue<bool>() && body["workerAlive"]!.GetValue<bool>());
        Assert.Equal(database.SchemaVersion, body["schemaVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_data_file_deleted_under_the_server_makes_it_unready_naming_the_database_while_it_stays_live()
    {
        var path = _server.Services.GetRequiredService<CortexDatabase>().Path;
        File.Delete(path);

        using var response = await _server.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
        var database = body["checks"]!["database"]!;
        Assert.Equal("unhealthy", database["status"]!.GetValue<string>());
        Assert.Contains($"The data file {path} is gone", database["description"]!.GetValue<string>());
        Assert.False(body["databaseOpen"]!.GetValue<bool>());
        Assert.Equal("healthy", body["checks"]!["compute"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_data_file_overwritten_under_the_server_is_reported_as_no_LiteDB_file()
    {
        var path = _server.Services.GetRequiredService<CortexDatabase>().Path;
        // Another program writes over the file's first page while Cortex holds it open.
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            file.Write(new byte[64]);

        using var response = await _server.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var database = (await response.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["database"]!;
        Assert.Contains($"The data file {path} is no LiteDB data file any more", database["description"]!.GetValue<string>());
    }
}
