using Cortex.Compute.Tests.Taming;

namespace Cortex.Server.Tests.Cli;

/// <summary><c>cortex paper</c> on a booby-trapped or broken checkpoint: one <c>cortex:</c> line naming the problem, exit code 3, nothing run or written.</summary>
public sealed class HostileCheckpointTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-hostile-cli-").FullName;

    static string Evaluator => Path.Combine(AppContext.BaseDirectory, "data", "evaluator-tiny", "evaluator_tiny.torchscript.pt");

    string Marker => Path.Combine(_scratch, "pwned");

    async Task<string> RefusedAsync(string model)
    {
        var output = Path.Combine(_scratch, "paper");
        var result = await CortexProcess.RunAsync("paper", "--quick", "--model", model, "--evaluator", Evaluator, "--out", output);

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("cortex: ", line);
        Assert.False(Directory.Exists(output));
        return line;
    }

    [Fact]
    public async Task A_pickle_that_calls_os_system_is_refused_and_never_run()
    {
        var evil = Path.Combine(_scratch, "evil.ckpt");
        TorchArchive.Write(evil, TorchArchive.CallingPickle("os", "system", $"touch {Marker}"));

        var line = await RefusedAsync(evil);

        Assert.Contains($"'{evil}' is refused: its pickle imports os.system, which no checkpoint needs, so Cortex does not load it", line);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public async Task A_truncated_checkpoint_is_one_line()
    {
        var whole = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "taming-tiny", "cin_transformer_tiny.ckpt"));
        var cut = Path.Combine(_scratch, "cut.ckpt");
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);

        Assert.Contains($"'{cut}' cannot be read as a torch.save archive (truncated or corrupt?)", await RefusedAsync(cut));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
