using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Accounts;
using Cortex.Server.Storage;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Accounts;

/// <summary>Who may do what through the API and the hub: keys sign people in, roles decide, revoked keys and strangers are turned away.</summary>
public sealed class AccessTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _concept = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        _concept = await _server.CreateConceptAsync("blue", "blue square");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task<HttpClient> As(string name, Role role) => _server.ClientWith(await _server.KeyForAsync(name, role));

    [Fact]
    public async Task Without_a_valid_key_every_api_endpoint_answers_401_and_health_stays_open()
    {
        using var anonymous = _server.ClientWith(null);
        foreach (var path in new[] { "/api/concepts", "/api/experiments", "/api/models", "/api/findings", $"/api/concepts/{_concept}", "/api/account" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/concepts", new { name = "x", className = "blue cross", source = "generated" })).StatusCode);
        using var forged = _server.ClientWith("cortex_abcdefabcdef_notthesecret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/concepts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Each_role_does_what_it_may_and_is_refused_the_rest()
    {
        using var viewer = await As("vera", Role.Viewer);
        using var editor = await As("ed", Role.Editor);
        using var reviewer = await As("rita", Role.Reviewer);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/concepts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/concepts", new { name = "v", className = "blue cross", source = "generated" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/concepts/{_concept}")).StatusCode);

        using var created = await editor.PostAsJsonAsync("/api/concepts", new { name = "green", className = "green cross", source = "generated" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("ed", (await created.Content.ReadFromJsonAsync<JsonObject>())!["createdBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync("/api/models", new { name = "m", path = "x.ckpt" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/api/users")).StatusCode);

        var finding = await (await editor.PostAsJsonAsync("/api/findings", new { experimentId = "none", conceptId = _concept, title = "t", tokens = new[] { 1L } })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(finding);
    }

    [Fact]
    public async Task Only_reviewers_change_a_finding_status_and_the_audit_trail_names_them()
    {
        var db = _server.Services.GetRequiredService<CortexDatabase>();
        var id = Ids.New();
        db.Findings.Insert(new StoredFinding { Id = id, ExperimentId = "e", ConceptId = _concept, Title = "shortcut", Tokens = [3], Evidence = [], Status = FindingStatus.Open });
        using var editor = await As("ed", Role.Editor);
        using var reviewer = await As("rita", Role.Reviewer);

        using var refused = await editor.PatchAsJsonAsync($"/api/findings/{id}", new { status = "confirmed", comment = "looks real" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("reviewer", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync($"/api/findings/{id}", new { comment = "worth a look" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PatchAsJsonAsync($"/api/findings/{id}", new { status = "confirmed", comment = "confirmed on 64 images" })).StatusCode);

        var trail = (await _server.Http.GetFromJsonAsync<JsonArray>($"/api/audit/{id}"))!.Select(e => (e!["actor"]!.GetValue<string>(), e["action"]!.GetValue<string>())).ToList();
        Assert.Equal([("rita", "confirmed the finding"), ("ed", "commented on the finding")], trail);
    }

    [Fact]
    public async Task A_refusal_for_the_role_names_the_role_needed_and_the_one_held()
    {
        using var viewer = await As("vera", Role.Viewer);
        using var editor = await As("ed", Role.Editor);

        using var create = await viewer.PostAsJsonAsync("/api/concepts", new { name = "v", className = "blue cross", source = "generated" });
        using var users = await editor.GetAsync("/api/users");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        Assert.Equal("POST /api/concepts needs the editor role; you are a viewer in workspace 'Default'.",
            (await create.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        Assert.Equal("GET /api/users needs a server administrator; you are an editor in workspace 'Default'.",
            (await users.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Viewers_manage_their_own_keys_only_reviewers_delete_findings_and_only_administrators_see_the_models_directory()
    {
        using var viewer = await As("vera", Role.Viewer);
        using var editor = await As("ed", Role.Editor);
        using var reviewer = await As("rita", Role.Reviewer);

        using var key = await viewer.PostAsJsonAsync("/api/account/keys", new { name = "notebook" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var keyId = (await key.Content.ReadFromJsonAsync<JsonObject>())!["key"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.DeleteAsync($"/api/account/keys/{keyId}")).StatusCode);

        var db = _server.Services.GetRequiredService<CortexDatabase>();
        var finding = Ids.New();
        db.Findings.Insert(new StoredFinding { Id = finding, ExperimentId = "e", ConceptId = _concept, Title = "shortcut", Tokens = [3], Evidence = [], Status = FindingStatus.Open });
        using var editorDelete = await editor.DeleteAsync($"/api/findings/{finding}");
        Assert.Equal(HttpStatusCode.Forbidden, editorDelete.StatusCode);
        Assert.Contains("needs the reviewer role", await editorDelete.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await reviewer.DeleteAsync($"/api/findings/{finding}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/api/models/directory")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/api/models/directory")).StatusCode);
        var builtIn = (await viewer.GetFromJsonAsync<JsonObject>("/api/models/builtin"))!;
        Assert.False(Path.IsPathRooted(builtIn["path"]!.GetValue<string>()), "a viewer sees the server's absolute path of the built-in model");
    }

    [Fact]
    public async Task Experiments_record_who_created_cancelled_and_queued_them_again()
    {
        using var editor = await As("ed", Role.Editor);
        var other = await _server.CreateConceptAsync("orange", "orange circle");
        using var response = await editor.PostAsJsonAsync("/api/experiments", new
        {
            name = "audited", method = "codebook-level", conceptIds = new[] { _concept, other },
            parameters = ServerFixture.QuickParameters(new { steps = 20000, sourceConceptId = _concept, targetConceptId = other }),
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await editor.PostAsync($"/api/experiments/{id}/cancel", null)).EnsureSuccessStatusCode();
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(2), "cancelled");
        (await _server.Http.PostAsync($"/api/experiments/{id}/requeue", null)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsync($"/api/experiments/{id}/cancel", null)).EnsureSuccessStatusCode();

        var trail = (await editor.GetFromJsonAsync<JsonArray>($"/api/audit/{id}"))!.Select(e => (e!["actor"]!.GetValue<string>(), e["action"]!.GetValue<string>())).Reverse().ToList();
        Assert.Equal(("ed", "created and queued (codebook-level on builtin)"), trail[0]);
        Assert.Contains(trail, e => e.Item1 == "ed" && e.Item2.StartsWith("cancelled", StringComparison.Ordinal));
        Assert.Contains(("tester", "queued it again"), trail);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_and_keys_are_stored_only_hashed()
    {
        var key = await _server.KeyForAsync("kim", Role.Editor);
        using var kim = _server.ClientWith(key);
        var keys = (await kim.GetFromJsonAsync<JsonArray>("/api/account/keys"))!;
        var id = keys.Single()!["id"]!.GetValue<string>();
        Assert.DoesNotContain(key.Split('_', 3)[2], string.Join(" ", _server.Services.GetRequiredService<CortexDatabase>().ApiKeys.FindAll().Select(k => k.SecretHash)));
        Assert.DoesNotContain("a long test password", _server.Services.GetRequiredService<CortexDatabase>().Users.FindById("kim")!.PasswordHash);

        Assert.Equal(HttpStatusCode.NoContent, (await kim.DeleteAsync($"/api/account/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await kim.GetAsync("/api/concepts")).StatusCode);
    }

    [Fact]
    public async Task The_hub_turns_away_strangers_accepts_a_key_and_joins_only_experiments_that_exist()
    {
        HubConnection Hub(string? key) => new HubConnectionBuilder()
            .WithUrl(new Uri(_server.Address, "/hubs/experiments"), options => options.AccessTokenProvider = () => Task.FromResult(key))
            .Build();
        await using var stranger = Hub(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => stranger.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var viewer = Hub(await _server.KeyForAsync("vera", Role.Viewer));
        await viewer.StartAsync();
        var unknown = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => viewer.InvokeAsync("Join", "anything"));
        Assert.Contains("There is no experiment 'anything' in this connection's workspace.", unknown.Message);
    }

    [Fact]
    public async Task Administrators_manage_accounts_and_the_last_administrator_cannot_step_down()
    {
        using var created = await _server.Http.PostAsJsonAsync("/api/users", new { name = "Nora", password = "short", role = "boss" });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        using var ok = await _server.Http.PostAsJsonAsync("/api/users", new { name = "Nora", password = "correct horse battery", role = "reviewer" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        using var demote = await _server.Http.PatchAsJsonAsync("/api/users/tester", new { administrator = false });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Contains("only administrator", await demote.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.PatchAsJsonAsync("/api/users/nora", new { administrator = true })).StatusCode);
        var users = (await _server.Http.GetFromJsonAsync<JsonArray>("/api/users"))!;
        Assert.Equal([("nora", true), ("tester", true)], users.Select(u => (u!["id"]!.GetValue<string>(), u["administrator"]!.GetValue<bool>())).Order());
    }

    [Fact]
    public async Task Answers_carry_security_headers()
    {
        using var response = await _server.Http.GetAsync("/api/concepts");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        // No inline script runs: the browser tests, which fail on any console error, see a violation at once.
        Assert.Contains("script-src 'self';", policy);
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_address_and_the_browser_is_told_to_wait()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await anonymous.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "tester", ["password"] = "guess" }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            answers.Add(Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
        }
        // Ten tries a minute reach the form's own checks (these lack their antiforgery token); the rest wait.
        Assert.All(answers[..10], a => Assert.Contains(FormRefusals.Message(FormRefusal.Expired), a));
        Assert.All(answers[10..], a => Assert.Contains(FormRefusals.Message(FormRefusal.TooManyAttempts), a));
    }
}
