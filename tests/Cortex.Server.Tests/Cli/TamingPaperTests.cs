using System.Text.Json;
using Cortex.Compute.Protocols;

namespace Cortex.Server.Tests.Cli;

/// <summary><c>cortex paper</c> on a taming checkpoint judged by a user's TorchScript classifier: every protocol without ground truth.</summary>
public sealed class TamingPaperTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-taming-paper-").FullName;

    static string Checkpoint => Data("taming-tiny", "cin_transformer_tiny.ckpt");
    static string Config => Data("taming-tiny", "cin_transformer_tiny.yaml");
    static string Evaluator => Data("evaluator-tiny", "evaluator_tiny.torchscript.pt");

    static string Data(string folder, string file) => Path.Combine(AppContext.BaseDirectory, "data", folder, file);

    /// <summary>evaluator-tiny reads [-1, 1] pixels as they are (mean and std 0.5 on [0, 1]) at 32×32, into ten classes.</summary>
    string EvaluatorConfig()
    {
        var path = Path.Combine(_scratch, "evaluator.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = "tiny",
            ["input_size"] = 32,
            ["mean"] = new[] { 0.5, 0.5, 0.5 },
            ["std"] = new[] { 0.5, 0.5, 0.5 },
            ["labels"] = new[] { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine" },
        }));
        return path;
    }

    [Fact]
    public async Task Paper_quick_on_a_taming_checkpoint_runs_every_protocol_that_needs_no_ground_truth()
    {
        var output = Path.Combine(_scratch, "paper");
        var readme = Path.Combine(_scratch, "README.md");
        File.WriteAllText(readme, $"# Results\n\n{PaperSummary.Begin}\nold figures\n{PaperSummary.End}\n\nAfter.\n");
        var result = await CortexProcess.RunAsync("paper", "--quick", "--model", Checkpoint, "--config", Config,
            "--evaluator", Evaluator, "--evaluator-config", EvaluatorConfig(), "--classes", "3,7", "--out", output, "--readme", readme);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        Assert.Equal(["codebook.png", "deletion.png", "randomization-cnn.png", "randomization-deep-cnn.png", "randomization-resnet-se.png", "randomization-transformer.png",
            "report.json", "report.md", "saliency.png"], Directory.GetFiles(output).Select(Path.GetFileName).Order());

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var report = json.RootElement;
        var model = report.GetProperty("model");
        Assert.Equal("cin_transformer_tiny", model.GetProperty("name").GetString());
        Assert.Equal(64, model.GetProperty("codebook_size").GetInt32());
        Assert.Equal(["tiny"], model.GetProperty("evaluators").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([("three", 3), ("seven", 7)],
            report.GetProperty("concepts").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("class_id").GetInt32())));

        Assert.Equal(4, report.GetProperty("extractors").GetArrayLength());
        var architectures = report.GetProperty("extractors").EnumerateArray().Select(e => e.GetProperty("arch").GetString()).ToList();
        Assert.Equal(architectures, report.GetProperty("sample_level").EnumerateObject().Select(p => p.Name));
        Assert.Equal(architectures, report.GetProperty("concept_level").EnumerateObject().Select(p => p.Name));
        foreach (var architecture in architectures)
        foreach (var space in new[] { "pixel", "token" })
        {
            var sample = report.GetProperty("sample_level").GetProperty(architecture!);
            var curves = sample.GetProperty(space).GetProperty("tiny");
            Assert.Equal(sample.GetProperty("n").GetArrayLength(), curves.GetProperty("tis_drop").GetArrayLength());
            Assert.Equal(sample.GetProperty("n").GetArrayLength(), curves.GetProperty("random_logit_drop").GetArrayLength());
            // Nothing knows where a taming model's objects are.
            Assert.False(curves.TryGetProperty("object_random_drop", out _));
            var concept = report.GetProperty("concept_level").GetProperty(architecture!);
            var drops = concept.GetProperty(space).GetProperty("tiny");
            Assert.Equal(concept.GetProperty("top_n").GetArrayLength(), drops.GetProperty("frequency_drop").GetArrayLength());
            Assert.All(drops.GetProperty("tis_logit_drop").EnumerateArray(), row => Assert.Equal(concept.GetProperty("token_num").GetArrayLength(), row.GetArrayLength()));
            Assert.Equal(2, concept.GetProperty("token_sets").EnumerateObject().Count());
        }
        Assert.False(report.TryGetProperty("object_cells", out _));
        Assert.InRange(report.GetProperty("deletion_auc").GetProperty("random").GetDouble(), 0, 1);
        Assert.Equal(5, report.GetProperty("sanity").GetProperty("spearman_trained_vs_random").EnumerateObject().Count());
        var pairs = report.GetProperty("codebook_level").GetProperty("pairs").EnumerateArray().ToList();
        Assert.Equal([("three", "seven"), ("seven", "three")], pairs.Select(p => (p.GetProperty("source").GetString(), p.GetProperty("target").GetString())));
        Assert.All(pairs, p => Assert.InRange(p.GetProperty("methods").GetProperty("embedding").GetProperty("evaluators").GetProperty("tiny").GetProperty("target_after_final").GetDouble(), 0, 1));

        Assert.False(report.TryGetProperty("localization", out _));
        Assert.False(report.TryGetProperty("shortcut", out _));
        var skipped = report.GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal(["localization", "shortcut review", "object-cell random baseline"], skipped.Select(s => s.GetProperty("protocol").GetString()));
        Assert.All(skipped, s => Assert.Contains("built-in world", s.GetProperty("reason").GetString()));
        Assert.Equal(["support sets", "extractors", "sample-level masking", "concept-level masking", "deletion curves", "IG completeness", "sanity check", "codebook-level", "figures", "total"],
            report.GetProperty("timing").EnumerateObject().Select(t => t.Name));

        var markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        foreach (var section in new[] { "## Findings", "## Skipped", "## Extractors", "## Masking", "### Sample-level masking, cnn extractor", "### Concept-level masking, transformer extractor", "## Attribution methods",
            "## Codebook-level optimization", "three (class 3), seven (class 7)" })
            Assert.Contains(section, markdown);
        Assert.DoesNotContain("## Shortcut review", markdown);
        Assert.DoesNotContain("localization precision", markdown);
        Assert.Contains("Skipped localization", result.Output);

        var updated = File.ReadAllText(readme);
        Assert.StartsWith("# Results", updated);
        Assert.EndsWith($"{PaperSummary.End}\n\nAfter.\n", updated);
        Assert.DoesNotContain("old figures", updated);
        Assert.Contains("From `paper/report.json`", updated);
        Assert.All(report.GetProperty("findings").EnumerateArray(), finding => Assert.Contains($"- {finding.GetString()}", updated));
    }

    [Fact]
    public async Task Paper_refuses_what_does_not_fit_the_model()
    {
        var noJudge = await CortexProcess.RunAsync("paper", "--quick", "--model", Checkpoint, "--config", Config, "--out", Path.Combine(_scratch, "a"));
        Assert.Equal(2, noJudge.ExitCode);
        Assert.Contains("--evaluator", Assert.Single(noJudge.ErrorLines));

        var unknownClass = await CortexProcess.RunAsync("paper", "--quick", "--model", Checkpoint, "--config", Config,
            "--evaluator", Evaluator, "--evaluator-config", EvaluatorConfig(), "--classes", "3,12", "--out", Path.Combine(_scratch, "b"));
        Assert.Equal(2, unknownClass.ExitCode);
        Assert.Contains("has 10 labels, so it cannot judge class 12", Assert.Single(unknownClass.ErrorLines));

        var builtIn = await CortexProcess.RunAsync("paper", "--quick", "--classes", "3,7", "--out", Path.Combine(_scratch, "c"));
        Assert.Equal(2, builtIn.ExitCode);
        Assert.Contains("apply to a taming model", Assert.Single(builtIn.ErrorLines));
        Assert.False(Directory.Exists(Path.Combine(_scratch, "c")));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
