using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Cli;

/// <summary>Every wrong command line or unusable input ends in one clear line on stderr and a non-zero exit.</summary>
public sealed class BadInputTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-cli-").FullName;

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("train-default", "--out", "x", "--bogus")]
    [InlineData("model-card", "--held-out", "many")]
    public async Task Unknown_verbs_options_and_values_are_one_usage_line(params string[] args)
    {
        var result = await CortexProcess.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("cortex: ", line);
        Assert.Contains("cortex --help", line);
    }

    [Fact]
    public async Task Train_default_without_out_names_the_missing_option()
    {
        var result = await CortexProcess.RunAsync("train-default", "--quick");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_missing_model_directory_is_one_line()
    {
        var missing = Path.Combine(_scratch, "missing");
        var result = await CortexProcess.RunAsync("model-card", "--model", missing);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"cortex: Model directory '{missing}' does not exist.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_corrupt_model_card_is_one_line_naming_the_file()
    {
        var model = CopyShippedModel("corrupt");
        File.WriteAllText(Path.Combine(model, "model-card.json"), "{ not json");
        var result = await CortexProcess.RunAsync("model-card", "--model", model);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("model-card.json", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_card_whose_shapes_disagree_with_the_weights_is_one_line()
    {
        var model = CopyShippedModel("mismatch");
        var path = Path.Combine(model, "model-card.json");
        var card = JsonNode.Parse(File.ReadAllText(path))!;
        card["prior"]!["dim"] = 64;
        File.WriteAllText(path, card.ToJsonString());
        var result = await CortexProcess.RunAsync("model-card", "--model", model);
        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("prior.safetensors", line);
        Assert.Contains("does not match", line);
    }

    [Fact]
    public async Task The_dashboard_refuses_to_start_on_a_broken_model()
    {
        var result = await CortexProcess.RunAsync("serve", "--model", Path.Combine(_scratch, "missing"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not exist", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Train_default_refuses_to_replace_a_file_or_a_foreign_directory()
    {
        var file = Path.Combine(_scratch, "file");
        File.WriteAllText(file, "keep me");
        var onFile = await CortexProcess.RunAsync("train-default", "--quick", "--out", file);
        Assert.Equal(2, onFile.ExitCode);
        Assert.Contains("is a file", Assert.Single(onFile.ErrorLines));
        Assert.Equal("keep me", File.ReadAllText(file));

        var foreign = Directory.CreateDirectory(Path.Combine(_scratch, "foreign")).FullName;
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "keep me too");
        var onForeign = await CortexProcess.RunAsync("train-default", "--quick", "--out", foreign);
        Assert.Equal(2, onForeign.ExitCode);
        Assert.Contains("refusing to replace", Assert.Single(onForeign.ErrorLines));
        Assert.Equal("keep me too", File.ReadAllText(Path.Combine(foreign, "notes.txt")));
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_start_with_the_setting_named()
    {
        var result = await CortexProcess.RunAsync(new Dictionary<string, string> { ["Cortex__MaxSteps"] = "0" },
            "serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(_scratch, "data"));
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("cortex: invalid configuration", line);
        Assert.Contains("MaxSteps", line);
    }

    string CopyShippedModel(string name)
    {
        var target = Directory.CreateDirectory(Path.Combine(_scratch, name)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models", "default")))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
