using Cortex.Compute.Probing;
using Cortex.Server.Models;
using Cortex.Server.Services;
using Cortex.Server.Storage;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace Cortex.Server.Tests.Services;

/// <summary>Probing a finished run's images on the real server: its stored extractor, edits, every TIS method, neighbours, and refusals.</summary>
public sealed class ProbeServiceTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string _id = "";

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        var red = await _server.CreateConceptAsync("red", "red circle", source: "encoded");
        var blue = await _server.CreateConceptAsync("blue", "blue square", source: "encoded");
        // Gradient TIS is deterministic, so a probe of an unedited image must give back the run's own map.
        _id = (await _server.CreateExperimentAsync(new { name = "probe", method = "sample-level", conceptIds = new[] { red, blue },
            parameters = ServerFixture.QuickParameters(new { tisMethod = "gradient" }) }))["id"]!.GetValue<string>();
        var done = await _server.WaitForAsync(_id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    IProbeService Probes => _server.ServicesOf().GetRequiredService<IProbeService>();

    [Fact]
    public async Task A_probe_asks_the_runs_own_extractor_and_an_edit_changes_the_grid_the_image_and_the_answers()
    {
        var saliency = (await _server.ServicesOf().GetRequiredService<IExperimentService>().SaliencyAsync(_id))!;
        Assert.Null(await Probes.UnavailableAsync(_id));
        const int image = 20;

        var original = await Probes.ProbeAsync(new ProbeRequest(_id, image, []));

        Assert.True(original.Succeeded, original.Message);
        var answer = original.Value!;
        Assert.Equal(saliency.Tokens[image], answer.Tokens);
        Assert.Equal(saliency.ConceptOf[image], answer.Concept);
        Assert.Equal(["red", "blue"], answer.Concepts);
        // The stored map came from the extractor the run trained; only the same weights give it back.
        Assert.Equal(saliency.Tis[image].Select(v => (double)v), answer.Tis, (a, b) => Math.Abs(a - b) < 1e-4);
        Assert.Equal(2, answer.ExtractorProbabilities.Length);
        Assert.Equal(1, answer.ExtractorProbabilities.Sum(), 4);
        var builtIn = _server.Services.GetRequiredService<ModelRegistry>().BuiltIn;
        Assert.Equal(builtIn.Judges.Select(j => j.Name), answer.EvaluatorProbabilities.Keys);
        Assert.All(answer.EvaluatorProbabilities.Values, p => Assert.All(p, v => Assert.InRange(v, 0, 1)));
        Assert.Equal((builtIn.Model.ImageSize, builtIn.Model.ImageSize), Size(answer.Png));

        // A stack of edits: the hottest cell becomes another token, then back to the first replacement's neighbour.
        var hottest = Array.IndexOf(answer.Tis, answer.Tis.Max());
        var replacement = (answer.Tokens[hottest] + 1) % builtIn.Model.CodebookSize;
        var neighbours = await Probes.NeighboursAsync(_id, replacement, 4);
        TokenEdit[] edits = [new(hottest, replacement), new(0, neighbours.Value![0])];
        var edited = (await Probes.ProbeAsync(new ProbeRequest(_id, image, edits))).Value!;

        Assert.Equal(replacement, edited.Tokens[hottest]);
        Assert.Equal(neighbours.Value[0], edited.Tokens[0]);
        Assert.Equal(answer.Tokens.Length - 2 + (answer.Tokens[0] == neighbours.Value[0] ? 1 : 0), edited.Tokens.Zip(answer.Tokens).Count(p => p.First == p.Second));
        Assert.NotEqual(answer.Png, edited.Png);
        Assert.NotEqual(answer.Tis, edited.Tis);

        var methods = (await Probes.TisMethodsAsync(new ProbeRequest(_id, image, edits))).Value!;
        Assert.Equal(["gradient", "smoothgrad", "gradient-x-input", "integrated-gradients", "occlusion"], methods.Keys);
        Assert.Equal(edited.Tis, methods["gradient"], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.All(methods.Values, m => Assert.Equal(answer.Tokens.Length, m.Length));
    }

    [Fact]
    public async Task Neighbours_are_the_nearest_codebook_entries_nearest_first()
    {
        var model = _server.Services.GetRequiredService<ModelRegistry>().BuiltIn.Model;
        var codebook = model.Codebook.cpu().data<float>().ToArray();
        var d = model.EmbeddingDim;
        double Distance(long a, long b) => Enumerable.Range(0, d).Sum(i => Math.Pow(codebook[a * d + i] - codebook[b * d + i], 2));

        var neighbours = (await Probes.NeighboursAsync(_id, 5, 8)).Value!;

        Assert.Equal(8, neighbours.Count);
        Assert.DoesNotContain(5L, neighbours);
        var expected = Enumerable.Range(0, model.CodebookSize).Where(t => t != 5).OrderBy(t => Distance(5, t)).Take(8).Select(t => (long)t);
        Assert.Equal(expected, neighbours);
    }

    [Fact]
    public async Task Bad_probes_are_refused_with_a_message_naming_the_problem()
    {
        var cells = (await Probes.ProbeAsync(new ProbeRequest(_id, 0, []))).Value!.Tokens.Length;

        var image = await Probes.ProbeAsync(new ProbeRequest(_id, 999, []));
        Assert.Equal(FailureKind.Invalid, image.Failure);
        Assert.Contains("there is no image 999", image.ErrorFor("image"));
        var position = await Probes.ProbeAsync(new ProbeRequest(_id, 0, [new TokenEdit(cells, 1)]));
        Assert.Contains($"Position {cells} is outside", position.ErrorFor("edits"));
        var token = await Probes.ProbeAsync(new ProbeRequest(_id, 0, [new TokenEdit(0, 1_000_000)]));
        Assert.Contains("Token 1000000 is not in", token.ErrorFor("edits"));
        Assert.Contains("1 to 64 neighbours", (await Probes.NeighboursAsync(_id, 1, 0)).ErrorFor("count"));
        Assert.Contains("Token -1 is not in", (await Probes.NeighboursAsync(_id, -1, 4)).ErrorFor("token"));
        Assert.Equal(FailureKind.NotFound, (await Probes.ProbeAsync(new ProbeRequest("nope", 0, []))).Failure);
        Assert.Contains("There is no experiment with id 'nope'", await Probes.UnavailableAsync("nope"));
    }

    [Fact]
    public async Task A_run_stored_before_probing_existed_says_so()
    {
        var database = _server.Services.GetRequiredService<CortexDatabase>();
        var experiment = database.Experiments.FindById(_id);
        Assert.Contains(ExtractorWeights.FileName, experiment.Files);
        database.Experiments.Update(experiment with { Files = [.. experiment.Files.Where(f => f != ExtractorWeights.FileName)] });

        Assert.Equal(ProbeSubjects.PredatesProbing, await Probes.UnavailableAsync(_id));
        var refused = await Probes.ProbeAsync(new ProbeRequest(_id, 0, []));
        Assert.Equal((FailureKind.Conflict, ProbeSubjects.PredatesProbing), (refused.Failure!.Value, refused.Message));
    }

    static (int, int) Size(byte[] png)
    {
        var info = Image.Identify(png);
        return (info.Width, info.Height);
    }
}
