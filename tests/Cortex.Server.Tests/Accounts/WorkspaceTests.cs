using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cortex.Server.Tests.Accounts;

/// <summary>
/// Roles per workspace through the real API and hub: each workspace sees only its own concepts, experiments,
/// findings and audit; a person's role is the one they hold in the workspace a request names; membership
/// changes count on the next request.
/// </summary>
public sealed class WorkspaceTests : IAsyncLifetime
{
    const string Bias = "bias-team";
    ServerFixture _server = default!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        using var created = await _server.Http.PostAsJsonAsync("/api/workspaces", new { name = "Bias team" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A client of <paramref name="name"/> (made with <paramref name="role"/> in <paramref name="home"/>) that names <paramref name="workspace"/>, or none.</summary>
    async Task<HttpClient> Client(string name, Role role, string home = Workspaces.DefaultId, string? workspace = null)
    {
        var client = _server.ClientWith(await _server.KeyForAsync(name, role, home));
        if (workspace is not null) client.DefaultRequestHeaders.Add(Workspaces.HeaderName, workspace);
        return client;
    }

    HttpClient InBias(HttpClient client)
    {
        client.DefaultRequestHeaders.Remove(Workspaces.HeaderName);
        client.DefaultRequestHeaders.Add(Workspaces.HeaderName, Bias);
        return client;
    }

    static async Task<string> IdOf(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    static object Concept(string name, string className) => new { name, className, source = "generated" };

    [Fact]
    public async Task Each_workspace_sees_and_changes_only_its_own_documents()
    {
        using var ann = await Client("ann", Role.Editor);
        using var bo = await Client("bo", Role.Editor, home: Bias);
        var annBlue = await IdOf(await ann.PostAsJsonAsync("/api/concepts", Concept("blue", "blue square")));
        var annRed = await IdOf(await ann.PostAsJsonAsync("/api/concepts", Concept("red", "red circle")));
        // Names are unique per workspace, not per server.
        var boBlue = await IdOf(await bo.PostAsJsonAsync("/api/concepts", Concept("blue", "blue square")));

        Assert.Equal(new[] { annBlue, annRed }.Order(), (await ann.GetFromJsonAsync<JsonArray>("/api/concepts"))!.Select(c => c!["id"]!.GetValue<string>()).Order());
        Assert.Equal([boBlue], (await bo.GetFromJsonAsync<JsonArray>("/api/concepts"))!.Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(Bias, (await bo.GetFromJsonAsync<JsonObject>($"/api/concepts/{boBlue}"))!["workspaceId"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync($"/api/concepts/{annBlue}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PutAsJsonAsync($"/api/concepts/{annBlue}", Concept("mine now", "blue square"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.DeleteAsync($"/api/concepts/{annBlue}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.GetAsync($"/api/concepts/{annBlue}/support/0.png")).StatusCode);
        using var borrowed = await bo.PostAsJsonAsync("/api/experiments", new { name = "borrowed", method = "sample-level", conceptIds = new[] { annBlue, boBlue }, parameters = ServerFixture.QuickParameters() });
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Contains($"Unknown concept '{annBlue}'", await borrowed.Content.ReadAsStringAsync());

        var experiment = await IdOf(await ann.PostAsJsonAsync("/api/experiments", new { name = "ann's run", method = "sample-level", conceptIds = new[] { annBlue, annRed }, parameters = ServerFixture.QuickParameters() }));
        await ann.PostAsync($"/api/experiments/{experiment}/cancel", null);
        var finding = await IdOf(await ann.PostAsJsonAsync("/api/findings", new { experimentId = experiment, conceptId = annBlue, title = "blue leans on the border", tokens = new[] { 3L } }));
        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync($"/api/experiments/{experiment}/annotations", new { target = "token", tokenId = 3, text = "border token" })).StatusCode);

        Assert.Equal(1, (await ann.GetFromJsonAsync<JsonObject>("/api/experiments"))!["total"]!.GetValue<int>());
        Assert.Equal(0, (await bo.GetFromJsonAsync<JsonObject>("/api/experiments"))!["total"]!.GetValue<int>());
        Assert.Empty((await bo.GetFromJsonAsync<JsonArray>("/api/findings"))!);
        foreach (var path in new[]
                 {
                     $"/api/experiments/{experiment}", $"/api/experiments/{experiment}/results", $"/api/experiments/{experiment}/export.zip",
                     $"/api/experiments/{experiment}/files/spec.json", $"/api/experiments/{experiment}/images/0.png", $"/api/experiments/{experiment}/annotations",
                     $"/api/experiments/{experiment}/share-links", $"/api/findings/{finding}", $"/api/audit/{experiment}", $"/api/audit/{annBlue}", $"/api/audit/{finding}",
                 })
            Assert.True(HttpStatusCode.NotFound == (await bo.GetAsync(path)).StatusCode, path);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostAsync($"/api/experiments/{experiment}/rerun", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostAsJsonAsync($"/api/experiments/{experiment}/share-links", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PostAsJsonAsync($"/api/experiments/{experiment}/annotations", new { target = "experiment", text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bo.PatchAsJsonAsync($"/api/findings/{finding}", new { comment = "hi" })).StatusCode);
        // Deleting a finding needs a reviewer: an editor is refused for the role whatever the id, which tells nothing of another workspace.
        Assert.Equal(HttpStatusCode.Forbidden, (await bo.DeleteAsync($"/api/findings/{finding}")).StatusCode);
        using var boReviewing = await Client("bob", Role.Reviewer, home: Bias);
        Assert.Equal(HttpStatusCode.NotFound, (await boReviewing.DeleteAsync($"/api/findings/{finding}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/api/audit/{experiment}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/api/experiments/{experiment}/annotations")).StatusCode);
    }

    [Fact]
    public async Task A_role_holds_in_its_workspace_only_and_membership_changes_count_on_the_next_request()
    {
        using var cy = await Client("cy", Role.Viewer);
        using var bo = await Client("bo", Role.Editor, home: Bias);
        using var admin = InBias(_server.ClientWith(_server.ApiKey));

        // An editor of Bias team is no admin there; the server administrator is.
        Assert.Equal(HttpStatusCode.Forbidden, (await bo.PutAsJsonAsync("/api/members/cy", new { role = "editor" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/members/cy", new { role = "editor" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await cy.PostAsJsonAsync("/api/concepts", Concept("teal", "blue cross"))).StatusCode);
        InBias(cy);
        var me = (await cy.GetFromJsonAsync<JsonObject>("/api/account"))!;
        Assert.Equal((Bias, "editor", false), (me["workspace"]!.GetValue<string>(), me["role"]!.GetValue<string>(), me["administrator"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.Created, (await cy.PostAsJsonAsync("/api/concepts", Concept("teal", "blue cross"))).StatusCode);
        var mine = (await cy.GetFromJsonAsync<JsonArray>("/api/workspaces"))!.Select(w => (w!["id"]!.GetValue<string>(), w["role"]!.GetValue<string>())).ToList();
        Assert.Equal([(Workspaces.DefaultId, "viewer"), (Bias, "editor")], mine);
        var members = (await cy.GetFromJsonAsync<JsonArray>("/api/members"))!.Select(m => (m!["name"]!.GetValue<string>(), m["role"]!.GetValue<string>())).Order().ToList();
        Assert.Equal([("bo", "editor"), ("cy", "editor")], members);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/members/cy")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cy.GetAsync("/api/concepts")).StatusCode);
        var trail = (await admin.GetFromJsonAsync<JsonArray>($"/api/audit/{Bias}"))!.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["removed cy", "added cy as editor", "created the workspace"], trail);
    }

    [Fact]
    public async Task A_workspace_a_program_names_is_never_swapped_for_another()
    {
        using var cy = await Client("cy", Role.Editor, workspace: "no-such-team");

        Assert.Equal(HttpStatusCode.Forbidden, (await cy.PostAsJsonAsync("/api/concepts", Concept("lost", "blue cross"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cy.GetAsync("/api/concepts")).StatusCode);
        cy.DefaultRequestHeaders.Remove(Workspaces.HeaderName);
        Assert.Equal(HttpStatusCode.OK, (await cy.GetAsync("/api/concepts")).StatusCode);
    }

    [Fact]
    public async Task Nobody_changes_their_own_membership_and_only_administrators_make_workspaces()
    {
        using var lead = await Client("lead", Role.Admin, home: Bias);
        await _server.Http.PatchAsJsonAsync("/api/users/lead", new { administrator = false });

        using var self = await lead.PutAsJsonAsync("/api/members/lead", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("another admin", await self.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await lead.DeleteAsync("/api/members/lead")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsJsonAsync("/api/workspaces", new { name = "Side project" })).StatusCode);
        using var twice = await _server.Http.PostAsJsonAsync("/api/workspaces", new { name = "bias TEAM" });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("exists", await twice.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_hub_joins_an_experiment_only_for_members_of_its_workspace()
    {
        using var ann = await Client("ann", Role.Editor);
        var concepts = new[] { await IdOf(await ann.PostAsJsonAsync("/api/concepts", Concept("blue", "blue square"))), await IdOf(await ann.PostAsJsonAsync("/api/concepts", Concept("red", "red circle"))) };
        var experiment = await IdOf(await ann.PostAsJsonAsync("/api/experiments", new { name = "watched", method = "sample-level", conceptIds = concepts, parameters = ServerFixture.QuickParameters() }));
        await ann.PostAsync($"/api/experiments/{experiment}/cancel", null);
        HubConnection Hub(string key, string? workspace = null) => new HubConnectionBuilder()
            .WithUrl(new Uri(_server.Address, workspace is null ? "/hubs/experiments" : $"/hubs/experiments?workspace={workspace}"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();

        await using var member = Hub(await _server.KeyForAsync("ann", Role.Editor));
        await member.StartAsync();
        await member.InvokeAsync("Join", experiment);

        await using var outsider = Hub(await _server.KeyForAsync("bo", Role.Editor, Bias));
        await outsider.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync("Join", experiment));
        Assert.Contains("no experiment", refused.Message);

        // The server administrator's connection works in the workspace it names.
        await using var elsewhere = Hub(_server.ApiKey, Bias);
        await elsewhere.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => elsewhere.InvokeAsync("Join", experiment));
        await using var here = Hub(_server.ApiKey, Workspaces.DefaultId);
        await here.StartAsync();
        await here.InvokeAsync("Join", experiment);
    }
}
