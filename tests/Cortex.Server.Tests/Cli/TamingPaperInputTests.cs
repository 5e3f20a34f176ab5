using System.Diagnostics;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// What <c>cortex paper</c> is told about a taming model: relative paths from where the user stands (under
/// <c>dotnet run</c> too), what no file holds (--heads), and settings files built to crash a parser.
/// Each run stops at a class the evaluator cannot judge, after every input has been found and loaded.
/// </summary>
public sealed class TamingPaperInputTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-paper-inputs-").FullName;

    static string Data(string folder, string file) => Path.Combine(AppContext.BaseDirectory, "data", folder, file);

    const string LoadedEverything = "has 10 labels, so it cannot judge class 12";

    /// <summary>The tiny checkpoint alone in a folder (no YAML beside it) and the evaluator, under the scratch folder.</summary>
    void Lay()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "model"));
        Directory.CreateDirectory(Path.Combine(_scratch, "judges"));
        File.Copy(Data("taming-tiny", "cin_transformer_tiny.ckpt"), Path.Combine(_scratch, "model", "cin.ckpt"));
        File.Copy(Data("evaluator-tiny", "evaluator_tiny.torchscript.pt"), Path.Combine(_scratch, "judges", "tiny.pt"));
        File.WriteAllText(Path.Combine(_scratch, "judges", "tiny.json"), """{"name": "tiny", "input_size": 32, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]}""");
    }

    [Fact]
    public async Task A_transformer_without_yaml_needs_heads_and_loads_with_them()
    {
        Lay();
        string[] common = ["paper", "--quick", "--model", Path.Combine(_scratch, "model", "cin.ckpt"), "--evaluator", Path.Combine(_scratch, "judges", "tiny.pt"),
            "--evaluator-config", Path.Combine(_scratch, "judges", "tiny.json"), "--classes", "3,12", "--out", Path.Combine(_scratch, "out")];

        var headless = await CortexProcess.RunAsync(common);
        Assert.Equal(3, headless.ExitCode);
        Assert.Contains("--heads", Assert.Single(headless.ErrorLines));

        var headed = await CortexProcess.RunAsync([.. common, "--heads", "2"]);
        Assert.Equal(2, headed.ExitCode);
        Assert.Contains(LoadedEverything, Assert.Single(headed.ErrorLines));
    }

    [Fact]
    public async Task A_config_nested_100000_deep_is_one_line_not_a_crash()
    {
        var deep = Path.Combine(_scratch, "deep.yaml");
        File.WriteAllText(deep, new string('[', 100_000) + new string(']', 100_000));
        var result = await CortexProcess.RunAsync("paper", "--quick", "--model", Data("taming-tiny", "cin_transformer_tiny.ckpt"), "--config", deep,
            "--evaluator", Data("evaluator-tiny", "evaluator_tiny.torchscript.pt"), "--out", Path.Combine(_scratch, "out"));
        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"Config '{deep}' nests deeper than", line);
    }

    [Fact]
    public async Task A_temperature_where_sampling_overflows_is_refused()
    {
        var result = await CortexProcess.RunAsync("paper", "--quick", "--model", Data("taming-tiny", "cin_transformer_tiny.ckpt"),
            "--evaluator", Data("evaluator-tiny", "evaluator_tiny.torchscript.pt"), "--temperature", "1e-320", "--out", Path.Combine(_scratch, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--temperature must lie in [0.05, 10]", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Relative_paths_resolve_where_the_user_runs_dotnet_run()
    {
        Lay();
        var project = Path.Combine(Repository(), "src", "Cortex.Server");
        // The test assembly sits in bin/<configuration>/<framework>; the server was built alongside in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _scratch, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "run", "--no-build", "-c", configuration, "--project", project, "--", "paper", "--quick", "--model", "model/cin.ckpt", "--heads", "2",
            "--evaluator", "judges/tiny.pt", "--evaluator-config", "judges/tiny.json", "--classes", "3,12", "--out", "out" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;

        Assert.True(process.ExitCode == 2, error);
        Assert.Contains(LoadedEverything, error);
    }

    static string Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cortex.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Cortex.sln above {AppContext.BaseDirectory}.");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
