using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Cli;

/// <summary><c>cortex bench --only probe</c>: a probe's answer time on the built-in model, per TIS method, in bench.json.</summary>
public sealed class ProbeBenchVerbTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-bench-probe-").FullName;

    [Fact]
    public async Task The_probe_part_times_every_tis_method_and_the_side_by_side_maps()
    {
        var result = await CortexProcess.RunAsync("bench", "--only", "probe", "--quick", "--out", _scratch);

        Assert.True(result.ExitCode == 0, result.Error);
        var probe = JsonNode.Parse(File.ReadAllText(Path.Combine(_scratch, "bench.json")))!["probe"]!;
        var methods = probe["methods"]!.AsArray();
        Assert.Equal(["gradient", "smoothgrad", "gradient-x-input", "integrated-gradients", "occlusion"], methods.Select(m => m!["method"]!.GetValue<string>()));
        Assert.All(methods, m =>
        {
            Assert.Equal(3, m!["probes"]!.GetValue<int>());
            Assert.InRange(m["p50_ms"]!.GetValue<double>(), double.Epsilon, m["max_ms"]!.GetValue<double>());
        });
        Assert.True(probe["side_by_side_ms"]!.GetValue<double>() > 0);
        Assert.Contains("probe (built-in", result.Output);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
