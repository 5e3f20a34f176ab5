using System.Net;
using System.Net.Http.Json;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// What the dashboard reads from the real server: results read back from stored files, the images it
/// links to, the codebook views, and live annotation messages.
/// </summary>
public sealed class DashboardServiceTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _red = "", _blue = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        _red = await _server.CreateConceptAsync("red", "red circle", source: "encoded");
        _blue = await _server.CreateConceptAsync("blue", "blue square", source: "encoded");
    }

    T Service<T>() where T : notnull => _server.ServicesOf().GetRequiredService<T>();

    async Task<string> RunAsync(string method, object? extra = null)
    {
        var id = (await _server.CreateExperimentAsync(new { name = method, method, conceptIds = new[] { _red, _blue }, parameters = ServerFixture.QuickParameters(extra) }))["id"]!
            .GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        return id;
    }

    [Fact]
    public async Task Saliency_reads_back_the_stored_maps_and_the_support_images_are_the_ones_the_run_used()
    {
        var id = await RunAsync("concept-level");
        var saliency = await Service<IExperimentService>().SaliencyAsync(id);

        Assert.NotNull(saliency);
        var (_, shape, data) = NpyReader.Read(await _server.Http.GetByteArrayAsync($"/api/experiments/{id}/files/tis.npy"));
        var tis = NpyReader.Floats(data);
        var tokens = NpyReader.Longs(NpyReader.Read(await _server.Http.GetByteArrayAsync($"/api/experiments/{id}/files/tokens.npy")).Data);
        Assert.Equal((int)shape[0], saliency.Count);
        Assert.Equal(["red", "blue"], saliency.Concepts);
        Assert.Equal(tis, saliency.Tis.SelectMany(t => t));
        Assert.Equal(tokens, saliency.Tokens.SelectMany(t => t));
        Assert.Equal(Enumerable.Repeat(0, 16).Concat(Enumerable.Repeat(1, 16)), saliency.ConceptOf);

        // The concept's support set at the experiment's count and seed is the run's own: what a person picks is what runs.
        var support = await Service<IConceptService>().SupportAsync(_blue, 16, 1);
        Assert.Equal(saliency.Tokens.Skip(16), support!.Tokens);

        var image = await _server.Http.GetByteArrayAsync($"/{ApiUrls.ExperimentImage(id, 17)}");
        Assert.Equal((128, 128), Size(image));
        var supportImage = await _server.Http.GetByteArrayAsync($"/{ApiUrls.SupportImage(_blue, 1, 16, 1)}");
        Assert.Equal(image, supportImage);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync($"/{ApiUrls.ExperimentImage(id, 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.GetAsync($"/{ApiUrls.SupportImage(_blue, 16, 16, 1)}")).StatusCode);

        var importance = await Service<ICodebookService>().ImportanceAsync(id, "blue");
        var token = saliency.Tokens[16][0];
        var places = Enumerable.Range(16, 16).SelectMany(i => Enumerable.Range(0, 64).Where(q => saliency.Tokens[i][q] == token).Select(q => saliency.Tis[i][q])).ToList();
        Assert.Equal(places.Average(v => (double)v), importance![token], 6);

        var appearances = await Service<ICodebookService>().AppearancesAsync(saliency.Tokens[0][0]);
        Assert.All(appearances, a => Assert.Equal(id, a.ExperimentId));
    }

    [Fact]
    public async Task A_codebook_run_keeps_every_decoded_frame_for_replay()
    {
        int[] region = [27, 28, 35, 36];
        var id = await RunAsync("codebook-level", new { sourceConceptId = _red, targetConceptId = _blue, region, steps = 20, decodeEvery = 5 });
        var frames = await Service<IExperimentService>().FramesAsync(id);
        var experiment = (await Service<IExperimentService>().GetAsync(id))!;

        Assert.Equal([5, 10, 15, 20], frames.Select(f => f.Step));
        Assert.All(frames, frame =>
        {
            Assert.Equal(64, frame.Tokens.Length);
            Assert.Subset(region.ToHashSet(), frame.Changed.ToHashSet());
            Assert.Contains(frame.ImageFile!, experiment.Files);
            Assert.Equal(["cnn", "mixer"], frame.EvaluatorProbability!.Keys.Order());
        });
        var png = await _server.Http.GetByteArrayAsync($"/{ApiUrls.ExperimentFile(id, frames[^1].ImageFile!)}");
        Assert.Equal((128, 128), Size(png));
    }

    [Fact]
    public async Task The_evaluation_report_holds_masking_deletion_the_sanity_check_and_localization()
    {
        var id = await RunAsync("evaluation");
        var report = await Service<IExperimentService>().EvaluationAsync(id);
        var figures = (await Service<IExperimentService>().GetAsync(id))!.Summary!.Figures;

        Assert.NotNull(report);
        Assert.Equal(["cnn", "mixer"], report.Masking.Pixel.Keys.Order());
        Assert.All(report.Masking.Token.Values, d => Assert.Equal(report.Masking.Ns.Count, d.TisDrop.Count));
        Assert.Contains("random", report.DeletionCurves.Keys);
        Assert.Equal(figures["deletion_auc.random"], report.DeletionAuc["random"]);
        Assert.Equal(report.DeletionAuc.Keys.Order(), report.Sanity!.Correlation.Keys.Append("random").Order());
        Assert.All(report.Sanity.Correlation.Values, rho => Assert.InRange(rho, -1, 1));
        Assert.NotNull(report.Localization);
        Assert.All(report.Localization.Precision, p => Assert.Equal(figures[$"localization.precision.{p.Key}"], p.Value));
    }

    [Fact]
    public async Task The_codebook_views_cover_every_entry()
    {
        var usage = await Service<ICodebookService>().UsageAsync("builtin");
        Assert.Equal(512, usage!.Share.Count);
        Assert.Equal(1.0, usage.Share.Sum(), 9);
        Assert.Null(await Service<ICodebookService>().UsageAsync("nope"));

        var sprite = await _server.Http.GetByteArrayAsync($"/{ApiUrls.CodebookSprite("builtin")}");
        Assert.Equal((ApiUrls.CodebookSpriteColumns * 16, 512 / ApiUrls.CodebookSpriteColumns * 16), Size(sprite));
        var used = usage.Share.ToList().FindIndex(s => s > 0);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync($"/{ApiUrls.TokenContexts("builtin", used)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync($"/{ApiUrls.TokenContexts("builtin", 512)}")).StatusCode);
    }

    [Fact]
    public async Task Annotations_reach_open_pages_live_and_review_history_records_status_changes()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "notes", method = "sample-level", conceptIds = new[] { _red, _blue }, parameters = ServerFixture.QuickParameters() }))["id"]!
            .GetValue<string>();
        var received = new TaskCompletionSource<AnnotationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Service<IExperimentFeed>().Subscribe(id, message =>
        {
            if (message is AnnotationMessage annotation) received.TrySetResult(annotation);
            return Task.CompletedTask;
        });
        using var created = await _server.Http.PostAsJsonAsync($"/api/experiments/{id}/annotations", new { target = "position", position = 9, imageIndex = 2, text = "edge" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("added", message.Change);

        var changes = System.Threading.Channels.Channel.CreateUnbounded<FindingChange>();
        using var findingFeed = Service<IFindingFeed>().Subscribe(change => changes.Writer.WriteAsync(change).AsTask());
        var finding = await Service<IReviewService>().CreateFindingAsync(new FindingRequest(id, _red, "token 3 marks grey", [3], null), "ann");
        var reviewed = await Service<IReviewService>().ReviewFindingAsync(finding.Value!.Id, new FindingUpdate("confirmed", null), "bob");
        var entry = Assert.Single(reviewed.Value!.Comments);
        Assert.Equal(("bob", FindingStatus.Confirmed), (entry.Author, entry.Status));
        var stored = await _server.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/findings/{finding.Value.Id}");
        Assert.Equal("confirmed", stored!["comments"]![0]!["status"]!.GetValue<string>());
        using var deleted = await _server.Http.DeleteAsync($"/api/findings/{finding.Value.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        // Open findings pages learn of each change, with who made it and in which workspace.
        var seen = new List<FindingChange>();
        while (seen.Count < 3) seen.Add(await changes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([(FindingChanges.Raised, "ann"), (FindingChanges.Reviewed, "bob"), (FindingChanges.Deleted, null)],
            seen.OrderBy(c => c.Change switch { FindingChanges.Raised => 0, FindingChanges.Reviewed => 1, _ => 2 }).Select(c => (c.Change, c.By)));
        Assert.All(seen, c => Assert.Equal((finding.Value.Id, Workspaces.DefaultId), (c.FindingId, c.WorkspaceId)));
    }

    [Fact]
    public async Task Refusals_keep_their_meaning_through_the_api()
    {
        var id = (await _server.CreateExperimentAsync(new { name = "uses red", method = "sample-level", conceptIds = new[] { _red, _blue }, parameters = ServerFixture.QuickParameters() }))["id"]!
            .GetValue<string>();
        using var inUse = await _server.Http.DeleteAsync($"/api/concepts/{_red}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("Experiments use this concept", await inUse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.DeleteAsync("/api/concepts/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.PostAsync("/api/experiments/nope/cancel", null)).StatusCode);
        await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded");
        using var cancel = await _server.Http.PostAsync($"/api/experiments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
    }

    static (int Width, int Height) Size(byte[] png)
    {
        var info = Image.Identify(png);
        return (info.Width, info.Height);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
