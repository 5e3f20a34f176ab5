using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// What a token's page reads from the real server: its examples and TIS from stored maps, its use per class and its
/// neighbours from the model, labels, search, and annotation threads that only their authors change.
/// </summary>
public sealed class TokenPageServiceTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    T Service<T>() where T : notnull => _server.ServicesOf().GetRequiredService<T>();

    [Fact]
    public async Task Notes_on_a_token_thread_their_replies_and_only_their_author_edits_or_deletes_them()
    {
        var review = Service<IReviewService>();
        var changes = new List<AnnotationChange>();
        using var subscription = Service<IAnnotationFeed>().Subscribe(change => { lock (changes) changes.Add(change); return Task.CompletedTask; });

        Assert.Equal(FailureKind.NotFound, (await review.AnnotateTokenAsync("nope", 3, "x", "tester")).Failure);
        Assert.Equal("Model 'builtin' has tokens 0 to 511; 512 is not one.", (await review.AnnotateTokenAsync("builtin", 512, "x", "tester")).ErrorFor("tokenId"));
        Assert.Equal("Text is required.", (await review.AnnotateTokenAsync("builtin", 3, " ", "tester")).ErrorFor("text"));

        var note = (await review.AnnotateTokenAsync("builtin", 3, "  marks the grass ", "tester")).Value!;
        Assert.Equal((AnnotationDocument.NoExperiment, "builtin", 3L, "marks the grass"), (note.ExperimentId, note.ModelId!, note.TokenId!.Value, note.Text));
        var reply = (await review.ReplyAsync(note.Id, "only near the edge", "bob")).Value!;
        var answer = (await review.ReplyAsync(reply.Id, "agreed", "tester")).Value!;
        Assert.Equal((note.Id, note.Id), (reply.ParentId, answer.ParentId));
        Assert.Equal(3, answer.TokenId);
        // Oldest first; the stored times have milliseconds only, so two notes of the same millisecond may come either way.
        var thread = await review.TokenAnnotationsAsync("builtin", 3);
        Assert.Equal(new[] { note.Id, reply.Id, answer.Id }.Order(), thread.Select(a => a.Id).Order());
        Assert.Equal(thread.Select(a => a.CreatedAt).Order(), thread.Select(a => a.CreatedAt));
        Assert.Empty(await review.TokenAnnotationsAsync("another-model", 3));

        var refused = await review.EditAnnotationAsync(note.Id, "mine now", "bob");
        Assert.Equal(FailureKind.Forbidden, refused.Failure);
        Assert.Equal("Only tester, who wrote this annotation, may edit it; reply to it instead.", refused.Message);
        var edited = (await review.EditAnnotationAsync(note.Id, "marks the lawn", "tester")).Value!;
        Assert.Equal("marks the lawn", edited.Text);
        Assert.NotNull(edited.EditedAt);

        Assert.Equal(FailureKind.Forbidden, (await review.DeleteAnnotationAsync("", note.Id, "bob")).Failure);
        Assert.True((await review.DeleteAnnotationAsync("", note.Id, "tester")).Succeeded);
        Assert.Empty(await review.TokenAnnotationsAsync("builtin", 3));

        var trail = await Service<IAccountService>().AuditAsync(TokenAudit.Target(Workspaces.DefaultId, "builtin", 3));
        Assert.Equal(["annotated token 3", "replied to tester's annotation", "replied to bob's annotation", "edited the annotation", "deleted the annotation and its 2 replies"],
            trail.Select(e => e.Action).Reverse());
        Assert.Equal("was: marks the grass", trail.Single(e => e.Action == "edited the annotation").Detail);
        await WaitUntil(() => { lock (changes) return changes.Count == 7; });
        lock (changes)
        {
            Assert.Equal(3, changes.Count(c => c.Change == "added"));
            Assert.Equal(note.Id, changes.Single(c => c.Change == "edited").AnnotationId);
            Assert.Equal(new[] { note.Id, reply.Id, answer.Id }.Order(), changes.Where(c => c.Change == "deleted").Select(c => c.AnnotationId).Order());
            Assert.All(changes, c => Assert.Equal(("builtin", 3L), (c.ModelId!, c.TokenId!.Value)));
        }
    }

    [Fact]
    public async Task The_api_refuses_someone_elses_annotation_with_403_and_says_whose_it_is()
    {
        var bob = _server.ClientWith(await _server.KeyForAsync("bob", Role.Editor));
        using var created = await bob.PostAsJsonAsync("/api/models/builtin/codebook/5/annotations", new { text = "bob's note" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        using var reply = await _server.Http.PostAsJsonAsync($"/api/annotations/{id}/replies", new { text = "tester answers" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        using var edit = await _server.Http.PatchAsJsonAsync($"/api/annotations/{id}", new { text = "tester's now" });
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Contains("Only bob, who wrote this annotation, may edit it", await edit.Content.ReadAsStringAsync());
        using var delete = await _server.Http.DeleteAsync($"/api/annotations/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Contains("Only bob, who wrote this annotation, may delete it", await delete.Content.ReadAsStringAsync());
        using var own = await bob.PatchAsJsonAsync($"/api/annotations/{id}", new { text = "bob's, edited" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("bob's, edited", (await own.Content.ReadFromJsonAsync<JsonObject>())!["text"]!.GetValue<string>());
        using var bad = await bob.PatchAsJsonAsync($"/api/annotations/{id}", new { text = "over\rwritten" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var gone = await bob.DeleteAsync($"/api/annotations/{id}");
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/api/annotations/{id}")).StatusCode);
    }

    [Fact]
    public async Task Labels_are_short_names_per_model_and_token_and_search_finds_tokens_by_label_note_and_concept()
    {
        var tokens = Service<ITokenService>();
        Assert.Equal("A label is a short name: ", (await tokens.SetLabelAsync("builtin", 9, new string('x', 41), "tester")).ErrorFor("label")![..25]);
        Assert.NotNull((await tokens.SetLabelAsync("builtin", 9, "two\nlines", "tester")).ErrorFor("label"));
        Assert.Equal("There is no token of model 'builtin' with id '600'.", (await tokens.SetLabelAsync("builtin", 600, "x", "tester")).Message);
        Assert.Equal(FailureKind.NotFound, (await tokens.SetLabelAsync("nope", 9, "x", "tester")).Failure);

        Assert.Equal("sky", (await tokens.SetLabelAsync("builtin", 9, " sky ", "tester")).Value!.Label);
        await tokens.SetLabelAsync("builtin", 9, "blue sky", "tester");
        await tokens.SetLabelAsync("builtin", 11, "rim", "tester");
        Assert.Equal(new Dictionary<long, string> { [9] = "blue sky", [11] = "rim" }, await tokens.LabelsAsync("builtin"));
        Assert.Null((await tokens.SetLabelAsync("builtin", 11, "", "tester")).Value);
        Assert.Equal([9L], (await tokens.LabelsAsync("builtin")).Keys);
        var trail = await Service<IAccountService>().AuditAsync(TokenAudit.Target(Workspaces.DefaultId, "builtin", 9));
        Assert.Equal(["labelled the token", "relabelled the token"], trail.Select(e => e.Action).Reverse());
        Assert.Equal("sky → blue sky", trail[0].Detail);

        // Another workspace neither sees nor finds them.
        using var created = await _server.Http.PostAsJsonAsync("/api/workspaces", new { name = "Elsewhere" });
        var elsewhere = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await _server.KeyForAsync("olga", Role.Admin, elsewhere);
        Assert.Empty(await _server.ServicesOf("olga", elsewhere).GetRequiredService<ITokenService>().LabelsAsync("builtin"));

        await Service<IReviewService>().AnnotateTokenAsync("builtin", 21, "Sky at the horizon", "tester");
        var hits = await tokens.SearchAsync("builtin", "SKY");
        Assert.Equal([(9L, "label", "blue sky"), (21L, "annotation", "Sky at the horizon")], hits.Select(h => (h.Token, h.Why, h.Text)));
        Assert.Empty(await tokens.SearchAsync("builtin", "   "));
        Assert.Empty(await _server.ServicesOf("olga", elsewhere).GetRequiredService<ITokenService>().SearchAsync("builtin", "sky"));
    }

    [Fact]
    public async Task Examples_histogram_class_shares_neighbours_and_concept_search_come_from_the_stored_maps_and_the_model()
    {
        var red = await _server.CreateConceptAsync("red", "red circle", source: "encoded");
        var blue = await _server.CreateConceptAsync("blue", "blue square", source: "encoded");
        var id = (await _server.CreateExperimentAsync(new { name = "maps", method = "concept-level", conceptIds = new[] { red, blue }, parameters = ServerFixture.QuickParameters() }))["id"]!
            .GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        var saliency = (await Service<IExperimentService>().SaliencyAsync(id))!;
        var tokens = Service<ITokenService>();
        var token = saliency.Tokens[0][0];

        var examples = await tokens.ExamplesAsync("builtin", token, 5);
        var held = Enumerable.Range(0, saliency.Count).SelectMany(i => Enumerable.Range(0, saliency.Tokens[i].Length).Where(q => saliency.Tokens[i][q] == token).Select(q => (double)saliency.Tis[i][q])).ToList();
        Assert.Equal(held.Order(), examples.AllTis.Order());
        Assert.Equal(saliency.Count, examples.Images);
        Assert.InRange(examples.Top.Count, 1, 5);
        Assert.Equal(examples.Top.Select(e => e.MaxTis).OrderDescending(), examples.Top.Select(e => e.MaxTis));
        Assert.Equal(held.Max(), examples.Top[0].MaxTis);
        foreach (var example in examples.Top)
        {
            Assert.All(example.Positions, q => Assert.Equal(token, saliency.Tokens[example.ImageIndex][q]));
            Assert.Equal(example.Positions.Select(q => (double)saliency.Tis[example.ImageIndex][q]), example.Tis);
            Assert.Equal(saliency.Concepts[saliency.ConceptOf[example.ImageIndex]], example.Concept);
        }
        Assert.Empty((await tokens.ExamplesAsync("another-model", token, 5)).Top);

        // Every class draws as many images, so the classes' mean share is the token's usage share.
        var usage = (await Service<ICodebookService>().UsageAsync("builtin"))!;
        var shares = await tokens.ClassSharesAsync("builtin", token);
        Assert.Equal(Compute.World.ClassTable.Names, shares.Select(s => s.Class));
        Assert.Equal(usage.Share[(int)token], shares.Average(s => s.Share), 9);
        Assert.Empty(await tokens.ClassSharesAsync("builtin", 512));

        var neighbours = await tokens.NeighboursAsync("builtin", token, 6);
        Assert.Equal(6, neighbours.Count);
        Assert.DoesNotContain(neighbours, n => n.Token == token);
        Assert.Equal(neighbours.Select(n => n.Distance).Order(), neighbours.Select(n => n.Distance));
        // Distance is symmetric: the nearest entry finds this one at the same distance among its own neighbours.
        var back = (await tokens.NeighboursAsync("builtin", neighbours[0].Token, 511)).Single(n => n.Token == token);
        Assert.Equal(neighbours[0].Distance, back.Distance, 4);

        var experiment = (await Service<IExperimentService>().GetAsync(id))!;
        var redTokens = experiment.Summary!.TokenSets["red"].Select(e => e.Token).ToList();
        var byConcept = await tokens.SearchAsync("builtin", "red");
        Assert.Equal(redTokens, byConcept.Where(h => h.Why == "concept").Select(h => h.Token));
    }

    static async Task WaitUntil(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            if (waited > 10_000) throw new TimeoutException("The awaited annotation changes never arrived.");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
