using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// Token labels over REST, as the token page offers them: set, read, replace and delete in the caller's workspace,
/// and the refusals — unknown model or token, a label that is no short name, a viewer writing.
/// </summary>
public sealed class TokenLabelApiTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    [Fact]
    public async Task An_editor_sets_replaces_and_deletes_a_label_and_the_list_and_the_page_service_follow()
    {
        var editor = _server.ClientWith(await _server.KeyForAsync("erin", Role.Editor));

        using var set = await editor.PutAsJsonAsync("/api/models/builtin/codebook/9/label", new { label = " sky " });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var label = (await set.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((9L, "sky", "erin"), (label["token"]!.GetValue<long>(), label["label"]!.GetValue<string>(), label["setBy"]!.GetValue<string>()));
        using var other = await editor.PutAsJsonAsync("/api/models/builtin/codebook/11/label", new { label = "rim" });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        using var replaced = await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/9/label", new { label = "blue sky" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var listed = await Labels(editor);
        Assert.Equal([(9L, "blue sky", "tester"), (11L, "rim", "erin")], listed.Select(l => (l["token"]!.GetValue<long>(), l["label"]!.GetValue<string>(), l["setBy"]!.GetValue<string>())));
        Assert.All(listed, l => Assert.InRange(l["setAt"]!.GetValue<DateTime>(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1)));
        // What the API wrote is what the token page reads.
        Assert.Equal(new Dictionary<long, string> { [9] = "blue sky", [11] = "rim" }, await _server.ServicesOf().GetRequiredService<ITokenService>().LabelsAsync("builtin"));

        using var deleted = await editor.DeleteAsync("/api/models/builtin/codebook/11/label");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([9L], (await Labels(editor)).Select(l => l["token"]!.GetValue<long>()));
        // Removing a label that is gone leaves it gone: DELETE is idempotent.
        using var again = await editor.DeleteAsync("/api/models/builtin/codebook/11/label");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);

        var trail = await _server.ServicesOf().GetRequiredService<IAccountService>().AuditAsync(TokenAudit.Target(Workspaces.DefaultId, "builtin", 11));
        Assert.Equal(["labelled the token", "removed the label"], trail.Select(e => e.Action).Reverse());
    }

    [Fact]
    public async Task Refusals_name_the_model_the_token_or_the_field_and_a_viewer_only_reads()
    {
        await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/4/label", new { label = "edge" });
        var viewer = _server.ClientWith(await _server.KeyForAsync("vera", Role.Viewer));

        await AssertProblem(await viewer.PutAsJsonAsync("/api/models/builtin/codebook/4/label", new { label = "mine" }), HttpStatusCode.Forbidden, "needs the editor role");
        await AssertProblem(await viewer.DeleteAsync("/api/models/builtin/codebook/4/label"), HttpStatusCode.Forbidden, "needs the editor role");
        Assert.Equal(["edge"], (await Labels(viewer)).Select(l => l["label"]!.GetValue<string>()));

        await AssertProblem(await _server.Http.GetAsync("/api/models/nope/codebook/labels"), HttpStatusCode.NotFound, "There is no model with id 'nope'.");
        await AssertProblem(await _server.Http.PutAsJsonAsync("/api/models/nope/codebook/4/label", new { label = "x" }), HttpStatusCode.NotFound, "There is no model with id 'nope'.");
        await AssertProblem(await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/512/label", new { label = "x" }), HttpStatusCode.NotFound,
            "There is no token of model 'builtin' with id '512'.");
        await AssertProblem(await _server.Http.DeleteAsync("/api/models/builtin/codebook/-1/label"), HttpStatusCode.NotFound, "There is no token of model 'builtin' with id '-1'.");

        var tooLong = await AssertProblem(await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/4/label", new { label = new string('x', 41) }), HttpStatusCode.BadRequest, "");
        Assert.Equal("A label is a short name: At most 40 characters, not 41.", tooLong["errors"]!["label"]![0]!.GetValue<string>());
        var control = await AssertProblem(await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/4/label", new { label = "ding\u0007" }), HttpStatusCode.BadRequest, "");
        Assert.StartsWith("A label is a short name: Holds", control["errors"]!["label"]![0]!.GetValue<string>());
        var blank = await AssertProblem(await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/4/label", new { label = "" }), HttpStatusCode.BadRequest, "");
        Assert.Equal("A label needs text; DELETE removes a token's label.", blank["errors"]!["label"]![0]!.GetValue<string>());

        // None of the refusals changed the label.
        Assert.Equal(["edge"], (await Labels(_server.Http)).Select(l => l["label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Labels_belong_to_the_callers_workspace()
    {
        await _server.Http.PutAsJsonAsync("/api/models/builtin/codebook/7/label", new { label = "ours" });
        using var created = await _server.Http.PostAsJsonAsync("/api/workspaces", new { name = "Elsewhere" });
        var elsewhere = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var olga = _server.ClientWith(await _server.KeyForAsync("olga", Role.Editor, elsewhere));

        Assert.Empty(await Labels(olga));
        using var theirs = await olga.PutAsJsonAsync("/api/models/builtin/codebook/7/label", new { label = "theirs" });
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.Equal(["ours"], (await Labels(_server.Http)).Select(l => l["label"]!.GetValue<string>()));
        Assert.Equal(["theirs"], (await Labels(olga)).Select(l => l["label"]!.GetValue<string>()));
    }

    static async Task<List<JsonObject>> Labels(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonArray>("/api/models/builtin/codebook/labels"))!.Select(l => l!.AsObject())];

    static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(body)!.AsObject();
            Assert.Contains(detail, problem["detail"]?.GetValue<string>() ?? "");
            return problem;
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
