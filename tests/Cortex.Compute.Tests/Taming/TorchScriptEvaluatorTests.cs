using Cortex.Compute.Models;
using TorchSharp.PyBridge;
using Xunit.Abstractions;

namespace Cortex.Compute.Tests.Taming;

/// <summary>A user's TorchScript classifier judges images like the built-in evaluators.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchScriptEvaluatorTests(ITestOutputHelper output) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cortex-evaluator-").FullName;

    static readonly string ModelFile = TamingData.Evaluator("evaluator_tiny.torchscript.pt");

    // evaluator-tiny reads [-1, 1] pixels as they are: mean 0.5 and std 0.5 on [0, 1] pixels is that map.
    static TorchScriptEvaluatorOptions Options(int labels = 10, int size = 32) =>
        new("tiny", size, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], Enumerable.Range(0, labels).Select(i => $"class {i}").ToList());

    [Fact]
    public void The_logits_match_pytorch()
    {
        var reference = Safetensors.LoadStateDict(TamingData.Evaluator("evaluator_reference.safetensors"));
        using var evaluator = TorchScriptEvaluator.Load(ModelFile, Options());
        IEvaluator judge = evaluator;
        using var _ = no_grad();
        using var logits = judge.Logits(reference["x"]);
        var difference = TamingData.MaxAbsDiff(logits, reference["logits"]);
        output.WriteLine($"evaluator logits: max |Δ| = {difference:E2}");
        Assert.True(difference <= 1e-4, $"logits differ by {difference:E2}");
        Assert.Equal("tiny", judge.Name);
        Assert.Equal(10, evaluator.Labels.Count);
    }

    [Fact]
    public void Images_of_another_size_are_resized_to_the_input_size()
    {
        using var evaluator = TorchScriptEvaluator.Load(ModelFile, Options());
        using var _ = no_grad();
        // Plain colours survive any resize unchanged, so both sizes must be judged alike.
        using var colours = rand(2, 3, 1, 1).Times(2).Minus(1);
        using var direct = evaluator.Logits(colours.expand(2, 3, 32, 32));
        using var resized = evaluator.Logits(colours.expand(2, 3, 80, 80));
        Assert.Equal([2L, 10], resized.shape);
        Assert.True(TamingData.MaxAbsDiff(resized, direct) < 1e-4);
    }

    [Fact]
    public void A_label_count_that_does_not_fit_the_outputs_is_refused()
    {
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptEvaluator.Load(ModelFile, Options(labels: 7)));
        Assert.Contains("7 labels", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_torchscript_is_refused()
    {
        var path = Path.Combine(_root, "weights.pt");
        File.WriteAllText(path, "not a module");
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptEvaluator.Load(path, Options()));
        Assert.Contains("is not a TorchScript module", error.Message);
        Assert.Contains("does not exist", Assert.Throws<ModelLoadException>(() => TorchScriptEvaluator.Load(Path.Combine(_root, "none.pt"), Options())).Message);
        Assert.Throws<ArgumentException>(() => TorchScriptEvaluator.Load(ModelFile, Options() with { Std = [0.5, 0, 0.5] }));
    }

    [Fact]
    public void Labels_not_given_are_numbered_after_the_outputs()
    {
        using var evaluator = TorchScriptEvaluator.Load(ModelFile, Options() with { Labels = [] });
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"class {i}"), evaluator.Labels);
    }

    [Fact]
    public void A_config_file_overrides_torchvision_imagenet_defaults_and_refuses_unknown_fields()
    {
        var defaults = TorchScriptEvaluatorConfig.Read(ModelFile, null);
        Assert.Equal(("evaluator_tiny", 224), (defaults.Name, defaults.InputSize));
        Assert.Equal([0.485, 0.456, 0.406], defaults.Mean);
        Assert.Empty(defaults.Labels);

        var path = Path.Combine(_root, "evaluator.json");
        File.WriteAllText(path, """{"input_size": 32, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "labels": ["a", "b"]}""");
        var options = TorchScriptEvaluatorConfig.Read(ModelFile, path);
        Assert.Equal(("evaluator_tiny", 32), (options.Name, options.InputSize));
        Assert.Equal([0.5, 0.5, 0.5], options.Std);
        Assert.Equal(["a", "b"], options.Labels);

        File.WriteAllText(path, """{"inputsize": 32}""");
        Assert.Contains("not valid JSON", Assert.Throws<ModelLoadException>(() => TorchScriptEvaluatorConfig.Read(ModelFile, path)).Message);
        File.WriteAllText(path, """{"std": [0.5, 0, 0.5]}""");
        Assert.Contains("every std must be positive", Assert.Throws<ModelLoadException>(() => TorchScriptEvaluatorConfig.Read(ModelFile, path)).Message);
    }

    [Fact]
    public void Names_and_labels_from_a_config_file_are_short_and_visible()
    {
        var path = Path.Combine(_root, "evaluator.json");
        string Refusal(object settings)
        {
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(settings));
            return Assert.Throws<ModelLoadException>(() => TorchScriptEvaluatorConfig.Read(ModelFile, path)).Message;
        }
        Assert.Contains($"at most {DisplayText.MaxLength}", Refusal(new { name = new string('n', 5 << 20 >> 4) }));
        Assert.Contains("U+202E", Refusal(new { name = "tiny\u202Eevil" }));
        Assert.Contains("U+0007", Refusal(new { name = "be\u0007ll" }));
        Assert.Contains("is empty", Refusal(new { name = " " }));
        Assert.Contains("label 1", Refusal(new { labels = new[] { "cat", new string('l', DisplayText.MaxLength + 1) } }));
        Assert.Contains("U+2066", Refusal(new { labels = new[] { "cat", "\u2066dog" } }));
        Assert.Contains($"at most {TorchScriptEvaluatorOptions.MaxLabels:N0}", Refusal(new { labels = Enumerable.Repeat("x", TorchScriptEvaluatorOptions.MaxLabels + 1) }));

        File.WriteAllText(path, new string('[', 100_000) + new string(']', 100_000));
        Assert.Contains($"nests deeper than {ConfigFile.MaxDepth} levels", Assert.Throws<ModelLoadException>(() => TorchScriptEvaluatorConfig.Read(ModelFile, path)).Message);
        File.WriteAllText(path, $$"""{"name": "{{new string('n', ConfigFile.MaxBytes)}}"}""");
        Assert.Contains("at most", Assert.Throws<ModelLoadException>(() => TorchScriptEvaluatorConfig.Read(ModelFile, path)).Message);
    }

    [Fact]
    public void An_input_size_no_settings_give_is_said_to_be_assumed()
    {
        using var assumed = TorchScriptEvaluator.Load(ModelFile, TorchScriptEvaluatorConfig.Read(ModelFile, null));
        Assert.Equal(TorchScriptEvaluatorConfig.DefaultInputSize, assumed.Options.InputSize);
        Assert.Contains("no settings give its input_size", assumed.InputSizeNote);

        using var given = TorchScriptEvaluator.Load(ModelFile, Options());
        Assert.Null(given.InputSizeNote);
    }

    [Fact]
    public void An_evaluator_that_refuses_the_assumed_size_is_told_to_name_its_input_size()
    {
        // evaluator-fixed32 flattens a 32×32 image into a linear layer, so 224 px cannot pass through it.
        var fixedSize = TamingData.Evaluator("evaluator_fixed32.torchscript.pt", "evaluator-fixed32");
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptEvaluator.Load(fixedSize, TorchScriptEvaluatorConfig.Read(fixedSize, null)));
        output.WriteLine(error.Message);
        Assert.Contains("fails on a 224×224 RGB image: RuntimeError: mat1 and mat2 shapes cannot be multiplied", error.Message);
        Assert.Contains("give the size it was trained at as input_size", error.Message);

        var path = Path.Combine(_root, "fixed32.json");
        File.WriteAllText(path, """{"name": "fixed32", "input_size": 32}""");
        using var evaluator = TorchScriptEvaluator.Load(fixedSize, TorchScriptEvaluatorConfig.Read(fixedSize, path));
        Assert.Equal(4, evaluator.Options.Labels.Count);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
