using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Accounts;
using Cortex.Server.Storage;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Accounts;

/// <summary>One server with a finished sample-level run (and a second, queued one) that the share-link tests open.</summary>
public sealed class SharedRunFixture : IAsyncLifetime
{
    public ServerFixture Server { get; private set; } = default!;
    public string Experiment { get; private set; } = "";
    public string Other { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await ServerFixture.StartAsync();
        var dot = await Server.CreateConceptAsync("dot", "purple square with dot");
        var bar = await Server.CreateConceptAsync("bar", "purple square with bar");
        Experiment = (await Server.CreateExperimentAsync(new { name = "shared saliency", method = "sample-level", conceptIds = new[] { dot, bar }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        var done = await Server.WaitForAsync(Experiment, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        Other = (await Server.CreateExperimentAsync(new { name = "private", method = "sample-level", conceptIds = new[] { dot, bar }, parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Public links: what one opens, what it does not, and that revoking or expiry closes it everywhere.</summary>
public sealed class ShareLinkTests(SharedRunFixture run) : IClassFixture<SharedRunFixture>
{
    ServerFixture Server => run.Server;

    async Task<(string Id, string Token)> CreateLinkAsync(HttpClient editor, object body)
    {
        using var response = await editor.PostAsJsonAsync($"/api/experiments/{run.Experiment}/share-links", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (created["link"]!["id"]!.GetValue<string>(), created["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_link_reads_its_experiment_and_nothing_else_until_it_is_revoked()
    {
        using var editor = Server.ClientWith(await Server.KeyForAsync("ed", Role.Editor));
        using var viewer = Server.ClientWith(await Server.KeyForAsync("vera", Role.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/experiments/{run.Experiment}/share-links", new { })).StatusCode);
        var (linkId, token) = await CreateLinkAsync(editor, new { expiresInDays = 7 });
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 16, "the token carries fewer than 128 bits");

        using var visitor = Server.ClientWith(null);
        string Shared(string path) => $"{path}{(path.Contains('?') ? '&' : '?')}share={Uri.EscapeDataString(token)}";
        foreach (var path in new[] { $"/api/experiments/{run.Experiment}", $"/api/experiments/{run.Experiment}/images/0.png", $"/api/experiments/{run.Experiment}/files/tis.csv",
                     $"/api/experiments/{run.Experiment}/results", $"/api/experiments/{run.Experiment}/export.zip" })
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(Shared(path))).StatusCode);
        foreach (var path in new[] { $"/api/experiments/{run.Other}", $"/api/experiments/{run.Experiment}/annotations", $"/api/experiments/{run.Experiment}/share-links",
                     "/api/experiments", "/api/concepts", $"/api/audit/{run.Experiment}" })
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(Shared(path))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.PostAsync(Shared($"/api/experiments/{run.Experiment}/rerun"), null)).StatusCode);
        var page = await visitor.GetAsync($"/share/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("shared saliency", await page.Content.ReadAsStringAsync());

        var listed = (await viewer.GetFromJsonAsync<JsonArray>($"/api/experiments/{run.Experiment}/share-links"))!;
        var entry = listed.Single(l => l!["id"]!.GetValue<string>() == linkId)!;
        Assert.Equal("ed", entry["createdBy"]!.GetValue<string>());
        Assert.DoesNotContain(token, listed.ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/experiments/{run.Experiment}/share-links/{linkId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(Shared($"/api/experiments/{run.Experiment}/images/0.png"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/share/{token}")).StatusCode);
        var revoked = (await viewer.GetFromJsonAsync<JsonArray>($"/api/experiments/{run.Experiment}/share-links"))!.Single(l => l!["id"]!.GetValue<string>() == linkId)!;
        Assert.Equal("ed", revoked["revokedBy"]!.GetValue<string>());
        var audit = (await viewer.GetStringAsync($"/api/audit/{run.Experiment}"));
        Assert.Contains($"created share link {linkId}", audit);
        Assert.Contains($"revoked share link {linkId}", audit);
    }

    [Fact]
    public async Task Expired_unknown_and_malformed_links_open_nothing()
    {
        using var editor = Server.ClientWith(await Server.KeyForAsync("ed", Role.Editor));
        foreach (var days in new[] { 0, -1, 366 })
        {
            using var refused = await editor.PostAsJsonAsync($"/api/experiments/{run.Experiment}/share-links", new { expiresInDays = days });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("expiresInDays", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostAsJsonAsync("/api/experiments/nosuchrun/share-links", new { })).StatusCode);

        // A link that expired a minute ago, written as the service writes one.
        var token = Secrets.New();
        Server.Services.GetRequiredService<CortexDatabase>().ShareLinks.Insert(new ShareLinkDocument
        {
            Id = Ids.New(), ExperimentId = run.Experiment, TokenHash = Secrets.Hash(token), CreatedBy = "ed",
            CreatedAt = DateTime.UtcNow.AddDays(-1), ExpiresAt = DateTime.UtcNow.AddMinutes(-1),
        });
        using var visitor = Server.ClientWith(null);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/share/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/experiments/{run.Experiment}?share={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/share/{Secrets.New()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/experiments/{run.Experiment}?share={new string('x', 5000)}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_experiment_deletes_its_links()
    {
        using var editor = Server.ClientWith(await Server.KeyForAsync("ed", Role.Editor));
        var doomed = (await Server.CreateExperimentAsync(new { name = "doomed", method = "sample-level", conceptIds = await ConceptsOfAsync(), parameters = ServerFixture.QuickParameters() }))["id"]!.GetValue<string>();
        using var created = await editor.PostAsJsonAsync($"/api/experiments/{doomed}/share-links", new { });
        var token = (await created.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        await Server.Http.PostAsync($"/api/experiments/{doomed}/cancel", null);
        await Server.WaitForAsync(doomed, TimeSpan.FromMinutes(2), "cancelled", "succeeded", "failed");
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/experiments/{doomed}")).StatusCode);

        Assert.Equal(0, Server.Services.GetRequiredService<CortexDatabase>().ShareLinks.Count(l => l.ExperimentId == doomed));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.ClientWith(null).GetAsync($"/share/{token}")).StatusCode);
    }

    async Task<string[]> ConceptsOfAsync() =>
        [.. (await Server.GetExperimentAsync(run.Experiment))["conceptIds"]!.AsArray().Select(c => c!.GetValue<string>())];

    [Fact]
    public async Task On_the_hub_a_link_joins_only_its_experiment_and_is_cut_off_when_revoked()
    {
        using var editor = Server.ClientWith(await Server.KeyForAsync("ed", Role.Editor));
        var (linkId, token) = await CreateLinkAsync(editor, new { });
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(Server.Address, $"/hubs/experiments?share={Uri.EscapeDataString(token)}")).Build();
        var closed = new TaskCompletionSource();
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Join", run.Other));
        await hub.InvokeAsync("Join", run.Experiment);

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/experiments/{run.Experiment}/share-links/{linkId}")).StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await using var again = new HubConnectionBuilder().WithUrl(new Uri(Server.Address, $"/hubs/experiments?share={Uri.EscapeDataString(token)}")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}
