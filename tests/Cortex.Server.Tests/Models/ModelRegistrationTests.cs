using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cortex.Server.Tests.Api;
using SixLabors.ImageSharp;

namespace Cortex.Server.Tests.Models;

/// <summary>
/// Registering a taming checkpoint and a TorchScript evaluator from the models directory over the API,
/// its card, experiments on it (after a restart, so the model loads from its registration), and the
/// paths and files a registration refuses.
/// </summary>
public sealed class ModelRegistrationTests : IAsyncLifetime
{
    ServerFixture _server = default!;
    string Models => Path.Combine(_server.DataDirectory, "models");

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        TamingModels.CopyInto(Models);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task<(HttpStatusCode Status, JsonObject Body)> Register(object body)
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/models", body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    static string Error(JsonObject problem, string field) => problem["errors"]![field]![0]!.GetValue<string>();

    async Task<JsonObject> WaitForUsage(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var model = (await _server.Http.GetFromJsonAsync<JsonObject>($"/api/models/{id}"))!;
            if (model["usage"] is JsonObject) return model;
            Assert.True(DateTime.UtcNow < deadline, $"no usage after 2 minutes: {model}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_registered_taming_model_has_a_card_with_its_sizes_and_usage_on_its_own_samples()
    {
        var (status, model) = await Register(TamingModels.Registration());
        Assert.True(status == HttpStatusCode.Created, model.ToJsonString());
        Assert.Equal("tiny-cin", model["id"]!.GetValue<string>());
        Assert.Equal((32, 16, 64, 8), (model["imageSize"]!.GetValue<int>(), model["gridSize"]!.GetValue<int>(), model["codebookSize"]!.GetValue<int>(), model["embeddingDim"]!.GetValue<int>()));
        Assert.True(model["hasPrior"]!.GetValue<bool>());
        Assert.True(model["parameters"]!.GetValue<long>() > 0 && model["priorParameters"]!.GetValue<long>() > 0);
        Assert.Equal(new FileInfo(Path.Combine(Models, TamingModels.Transformer)).Length, model["fileBytes"]!.GetValue<long>());
        // cin conditioning takes class ids from the image codes' embedding table, so the tiny transformer "knows" 64 classes;
        // only the 10 its evaluator scores are offered.
        Assert.Equal(TamingModels.Labels, model["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["generated", "uploaded"], model["sources"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["tiny"], model["evaluators"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(TamingModels.Transformer, model["path"]!.GetValue<string>());

        var usage = (await WaitForUsage("tiny-cin"))["usage"]!;
        var distinct = usage["distinctTokens"]!.GetValue<int>();
        Assert.Equal(16, usage["samples"]!.GetValue<int>());
        Assert.InRange(distinct, 2, 64);
        Assert.Equal(Math.Round(distinct / 64.0, 4), usage["fraction"]!.GetValue<double>());
        Assert.InRange(usage["perplexity"]!.GetValue<double>(), 1, distinct + 1e-9);

        var png = await _server.Http.GetByteArrayAsync("/api/models/tiny-cin/samples.png?classId=3&count=4");
        var info = Image.Identify(png);
        Assert.Equal((4 * 96 + 3, 96), (info.Width, info.Height));
        Assert.Contains("tiny-cin", (await _server.Http.GetFromJsonAsync<JsonArray>("/api/models"))!.Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Experiments_on_a_registered_model_run_after_a_restart_with_its_evaluator_as_judge()
    {
        Assert.Equal(HttpStatusCode.Created, (await Register(TamingModels.Registration())).Status);
        await _server.StopAsync();
        await using var server = await ServerFixture.StartAsync(_server.DataDirectory);

        using var three = await server.Http.PostAsJsonAsync("/api/concepts", new { name = "three", modelId = "tiny-cin", source = "generated", className = "three" });
        using var seven = await server.Http.PostAsJsonAsync("/api/concepts", new { name = "seven", modelId = "tiny-cin", source = "generated", classId = 7 });
        var (a, b) = ((await three.Content.ReadFromJsonAsync<JsonObject>())!, (await seven.Content.ReadFromJsonAsync<JsonObject>())!);
        Assert.Equal((3, 7), (a["classId"]!.GetValue<int>(), b["classId"]!.GetValue<int>()));
        string[] concepts = [a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>()];

        var sample = await server.CreateExperimentAsync(new { name = "tiny tis", method = "concept-level", conceptIds = concepts, parameters = ServerFixture.QuickParameters() });
        Assert.Equal("tiny-cin", sample["modelId"]!.GetValue<string>());
        var codebook = await server.CreateExperimentAsync(new
        {
            name = "tiny edit", method = "codebook-level", conceptIds = concepts,
            parameters = ServerFixture.QuickParameters(new { steps = 10, sourceConceptId = concepts[0], targetConceptId = concepts[1] }),
        });
        var evaluation = await server.CreateExperimentAsync(new { name = "tiny evaluation", method = "evaluation", conceptIds = concepts, parameters = ServerFixture.QuickParameters() });

        var tokens = NpyReader.Read(await ResultFile(server, sample, "tokens.npy"));
        Assert.Equal([32L, 16, 16], tokens.Shape);
        Assert.All(NpyReader.Longs(tokens.Data), t => Assert.InRange(t, 0, 63));
        var edited = await server.WaitForAsync(codebook["id"]!.GetValue<string>(), TimeSpan.FromMinutes(5), "succeeded", "failed");
        Assert.True(edited["status"]!.GetValue<string>() == "succeeded", edited["error"]?.ToString());
        Assert.InRange(edited["summary"]!["figures"]!["codebook.tiny.target_prob_after"]!.GetValue<double>(), 0, 1);
        var evaluated = await server.WaitForAsync(evaluation["id"]!.GetValue<string>(), TimeSpan.FromMinutes(5), "succeeded", "failed");
        Assert.True(evaluated["status"]!.GetValue<string>() == "succeeded", evaluated["error"]?.ToString());
        Assert.Contains("masking.pixel.tiny.tis_drop", evaluated["summary"]!["figures"]!.AsObject().Select(f => f.Key));
        var image = Image.Identify(await server.Http.GetByteArrayAsync($"/api/experiments/{sample["id"]}/images/0.png"));
        Assert.Equal((128, 128), (image.Width, image.Height));
    }

    static async Task<byte[]> ResultFile(ServerFixture server, JsonObject experiment, string file)
    {
        var done = await server.WaitForAsync(experiment["id"]!.GetValue<string>(), TimeSpan.FromMinutes(5), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());
        return await server.Http.GetByteArrayAsync($"/api/experiments/{experiment["id"]}/files/{file}");
    }

    [Fact]
    public async Task Paths_outside_the_models_directory_are_refused_whatever_their_spelling()
    {
        var outside = Path.Combine(_server.DataDirectory, "secret.ckpt");
        File.Copy(Path.Combine(Models, TamingModels.Transformer), outside);
        File.CreateSymbolicLink(Path.Combine(Models, "link.ckpt"), outside);
        Directory.CreateSymbolicLink(Path.Combine(Models, "escape"), _server.DataDirectory);

        foreach (var (path, expected) in new[]
        {
            ("../secret.ckpt", "'..'"), ("tiny/../../secret.ckpt", "'..'"), (outside, "outside the models directory"), ("/etc/passwd", "outside the models directory"),
            ("link.ckpt", "outside the models directory"), ("escape/secret.ckpt", "outside the models directory"), ("nothing/here.ckpt", "does not exist"), ("", "required"),
        })
        {
            var (status, problem) = await Register(new { name = $"try {path}", path });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(expected, Error(problem, "path"));
        }
        var (evaluatorStatus, evaluatorProblem) = await Register(new
        {
            name = "escaping judge", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, evaluators = new[] { new { path = "../secret.ckpt" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, evaluatorStatus);
        Assert.Contains("'..'", Error(evaluatorProblem, "evaluators[0].path"));
        Assert.Single((await _server.Http.GetFromJsonAsync<JsonArray>("/api/models"))!);
    }

    [Fact]
    public async Task Bad_files_and_settings_get_a_message_naming_their_field()
    {
        File.WriteAllText(Path.Combine(Models, "notes.ckpt"), "not a checkpoint");
        var (status, problem) = await Register(new { name = "text", path = "notes.ckpt" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("notes.ckpt", Error(problem, "path"));

        (status, problem) = await Register(new { name = "bad judge", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, evaluators = new[] { new { path = TamingModels.TransformerConfig } } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("TorchScript", Error(problem, "evaluators[0].path"));

        (status, problem) = await Register(new { name = "wide", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, topK = 65, temperature = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("temperature", problem["errors"]!.AsObject().Select(e => e.Key));
        (status, problem) = await Register(new { name = "wide", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, topK = 65 });
        Assert.Contains("64", Error(problem, "topK"));

        Assert.Equal(HttpStatusCode.Created, (await Register(TamingModels.Registration())).Status);
        (status, problem) = await Register(TamingModels.Registration());
        Assert.Contains("registered", Error(problem, "name"));
        Assert.Equal(2, (await _server.Http.GetFromJsonAsync<JsonArray>("/api/models"))!.Count);
    }

    [Fact]
    public async Task Classes_are_those_the_evaluator_judges_and_the_prior_draws()
    {
        // A prior of 5 classes judged by a 10-label evaluator: its first 5 labels.
        File.WriteAllText(Path.Combine(Models, "tiny/five.yaml"),
            Regex.Replace(File.ReadAllText(Path.Combine(Models, TamingModels.TransformerConfig)), @"n_classes:\s*\d+", "n_classes: 5"));
        var (status, model) = await Register(new
        {
            name = "five", path = TamingModels.Transformer, config = "tiny/five.yaml", evaluators = new[] { new { path = TamingModels.Evaluator, config = TamingModels.EvaluatorConfig } },
        });
        Assert.True(status == HttpStatusCode.Created, model.ToJsonString());
        Assert.Equal(TamingModels.Labels.Take(5), model["classes"]!.AsArray().Select(c => c!.GetValue<string>()));

        // Without an evaluator nothing judges; the prior's ids are offered, numbered.
        (status, model) = await Register(new { name = "unjudged", path = TamingModels.Transformer, config = "tiny/five.yaml" });
        Assert.True(status == HttpStatusCode.Created, model.ToJsonString());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"class {i}"), model["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task What_no_file_holds_is_asked_for_and_a_yaml_beside_the_checkpoint_is_found()
    {
        // Alone in a folder, without its YAML: the head count and a VQGAN's image size are in no tensor.
        Directory.CreateDirectory(Path.Combine(Models, "bare"));
        File.Copy(Path.Combine(Models, TamingModels.Transformer), Path.Combine(Models, "bare/cin.ckpt"));
        File.Copy(Path.Combine(Models, TamingModels.Vqgan), Path.Combine(Models, "bare/vqgan.ckpt"));
        var judge = new[] { new { path = TamingModels.Evaluator, config = TamingModels.EvaluatorConfig } };

        var (status, problem) = await Register(new { name = "headless", path = "bare/cin.ckpt", evaluators = judge });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("heads when registering", Error(problem, "heads"));
        (status, var model) = await Register(new { name = "headed", path = "bare/cin.ckpt", heads = 2, evaluators = judge });
        Assert.True(status == HttpStatusCode.Created, model.ToJsonString());
        Assert.Equal((32, 16), (model["imageSize"]!.GetValue<int>(), model["gridSize"]!.GetValue<int>()));

        (status, problem) = await Register(new { name = "sizeless", path = "bare/vqgan.ckpt" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("resolution when registering", Error(problem, "resolution"));
        (status, model) = await Register(new { name = "sized", path = "bare/vqgan.ckpt", resolution = 32 });
        Assert.True(status == HttpStatusCode.Created, model.ToJsonString());
        Assert.Equal((32, 16), (model["imageSize"]!.GetValue<int>(), model["gridSize"]!.GetValue<int>()));

        // tiny/vqgan_tiny.ckpt has vqgan_tiny.yaml beside it.
        (status, model) = await Register(new { name = "beside", path = TamingModels.Vqgan });
        Assert.True(status == HttpStatusCode.Created, model.ToJsonString());
        Assert.Equal(32, model["imageSize"]!.GetValue<int>());
    }

    [Fact]
    public async Task Settings_that_would_crash_or_poison_the_server_are_refused_naming_their_field()
    {
        HostileModelFiles.WriteInto(Models);
        var judge = (string config) => new[] { new { path = TamingModels.Evaluator, config } };
        foreach (var (body, field, words) in new (object, string, string)[]
        {
            (new { name = "deep", path = TamingModels.Transformer, config = HostileModelFiles.DeepYaml }, "config", "nests deeper than"),
            (new { name = "deep judge", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, evaluators = judge(HostileModelFiles.DeepJson) }, "evaluators[0].config", "nests deeper than"),
            (new { name = "huge judge", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, evaluators = judge(HostileModelFiles.HugeName) }, "evaluators[0].config", "at most"),
            (new { name = "backwards judge", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, evaluators = judge(HostileModelFiles.BidiName) }, "evaluators[0].config", "U+202E"),
            (new { name = "cold", path = TamingModels.Transformer, config = TamingModels.TransformerConfig, temperature = 1e-320 }, "temperature", "[0.05, 10]"),
            (new { name = "nul", path = "tiny/\0x.ckpt" }, "path", "control character"),
        })
        {
            var (status, problem) = await Register(body);
            Assert.True(status == HttpStatusCode.BadRequest, problem.ToJsonString());
            Assert.Contains(words, Error(problem, field));
        }
        Assert.Single((await _server.Http.GetFromJsonAsync<JsonArray>("/api/models"))!);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_model_refuses_what_it_cannot_do_and_unregisters_only_when_unused()
    {
        var (status, vqgan) = await Register(new { name = "bare vqgan", path = TamingModels.Vqgan, config = TamingModels.VqganConfig });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(vqgan["hasPrior"]!.GetValue<bool>());
        Assert.Contains("without a class-conditional transformer", vqgan["usageNote"]!.GetValue<string>());
        Assert.Equal(["uploaded"], vqgan["sources"]!.AsArray().Select(s => s!.GetValue<string>()));
        using var generated = await _server.Http.PostAsJsonAsync("/api/concepts", new { name = "made up", modelId = "bare-vqgan", source = "generated", classId = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, generated.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Register(TamingModels.Registration())).Status);
        using var encoded = await _server.Http.PostAsJsonAsync("/api/concepts", new { name = "rendered", modelId = "tiny-cin", source = "encoded", className = "three" });
        Assert.Contains("supports the sources generated, uploaded", await encoded.Content.ReadAsStringAsync());
        var mine = (await (await _server.Http.PostAsJsonAsync("/api/concepts", new { name = "two", modelId = "tiny-cin", source = "generated", classId = 2 })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var unjudged = await _server.Http.PostAsJsonAsync("/api/concepts", new { name = "twelve", modelId = "tiny-cin", source = "generated", classId = 12 });
        Assert.Equal(HttpStatusCode.BadRequest, unjudged.StatusCode);
        var other = (await (await _server.Http.PostAsJsonAsync("/api/concepts", new { name = "nine", modelId = "tiny-cin", source = "generated", classId = 9 })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var builtIn = await _server.CreateConceptAsync("blue", "blue square");

        using var mixed = await _server.Http.PostAsJsonAsync("/api/experiments", new { name = "mixed", method = "sample-level", conceptIds = new[] { mine, builtIn } });
        Assert.Contains("an experiment explains one model", await mixed.Content.ReadAsStringAsync());
        using var review = await _server.Http.PostAsJsonAsync("/api/experiments", new { name = "review", method = "shortcut-review", conceptIds = new[] { mine, other } });
        Assert.Contains("built-in world", await review.Content.ReadAsStringAsync());

        using var inUse = await _server.Http.DeleteAsync("/api/models/tiny-cin");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        using var builtInDelete = await _server.Http.DeleteAsync("/api/models/builtin");
        Assert.Equal(HttpStatusCode.Conflict, builtInDelete.StatusCode);
        foreach (var id in new[] { mine, other }) (await _server.Http.DeleteAsync($"/api/concepts/{id}")).EnsureSuccessStatusCode();
        using var removed = await _server.Http.DeleteAsync("/api/models/tiny-cin");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.True(File.Exists(Path.Combine(Models, TamingModels.Transformer)), "unregistering leaves the files");

        var listing = (await _server.Http.GetFromJsonAsync<JsonObject>("/api/models/directory"))!;
        var entries = listing["entries"]!.AsArray().Select(e => (e!["path"]!.GetValue<string>(), e["kind"]!.GetValue<string>())).ToList();
        Assert.Contains((TamingModels.Transformer, "checkpoint"), entries);
        Assert.Contains((TamingModels.Evaluator, "evaluator"), entries);
        Assert.Contains((TamingModels.EvaluatorConfig, "evaluator config"), entries);
    }
}
