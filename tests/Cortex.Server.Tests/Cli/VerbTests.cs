using System.Text.Json;

namespace Cortex.Server.Tests.Cli;

public sealed class VerbTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-verbs-").FullName;

    [Fact]
    public async Task Train_default_quick_writes_a_loadable_model_whose_losses_fell()
    {
        var output = Path.Combine(_scratch, "model");
        var result = await CortexProcess.RunAsync("train-default", "--quick", "--out", output, "--seed", "5");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("evaluator cnn", result.Output);
        Assert.Contains("prior", result.Output);

        Assert.Equal(["evaluator-cnn.safetensors", "evaluator-mixer.safetensors", "model-card.json", "prior.safetensors", "tokenizer.safetensors"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Equal([output], Directory.GetDirectories(_scratch));

        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "model-card.json")));
        var training = card.RootElement.GetProperty("training");
        Assert.True(training.GetProperty("quick").GetBoolean());
        Assert.Equal(5, training.GetProperty("seed").GetInt32());
        foreach (var stage in training.GetProperty("stages").EnumerateArray())
            Assert.True(stage.GetProperty("final_loss").GetDouble() < stage.GetProperty("initial_loss").GetDouble(), stage.ToString());

        var remeasured = await CortexProcess.RunAsync("model-card", "--model", output, "--held-out", "50", "--samples-per-class", "2");
        Assert.True(remeasured.ExitCode == 0, remeasured.Error);
    }

    [Fact]
    public async Task Model_card_measures_the_shipped_model_and_prints_every_figure()
    {
        var result = await CortexProcess.RunAsync("model-card", "--held-out", "100", "--samples-per-class", "4");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var quality = json.RootElement;
        Assert.Equal(100, quality.GetProperty("held_out_images").GetInt32());
        Assert.InRange(quality.GetProperty("recon_psnr_db").GetDouble(), 10, 80);
        Assert.InRange(quality.GetProperty("codebook_usage").GetDouble(), 0, 1);
        Assert.Equal(2, quality.GetProperty("evaluator_accuracy").EnumerateObject().Count());
        Assert.Equal(2, quality.GetProperty("evaluator_accuracy_on_recon").EnumerateObject().Count());
        var agreement = quality.GetProperty("prior_class_agreement");
        Assert.InRange(agreement.GetProperty("mean").GetDouble(), 0, 1);
        Assert.Equal(12, agreement.GetProperty("per_class").EnumerateObject().Count());
        Assert.InRange(quality.GetProperty("shortcut_rate").GetDouble(), 0, 1);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
