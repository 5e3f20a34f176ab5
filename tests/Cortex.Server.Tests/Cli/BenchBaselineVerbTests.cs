namespace Cortex.Server.Tests.Cli;

/// <summary><c>cortex bench --baseline FILE</c>: each figure's ratio to an earlier bench.json, printed after the run.</summary>
public sealed class BenchBaselineVerbTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-bench-baseline-").FullName;

    [Fact]
    public async Task Each_figure_is_printed_with_its_ratio_and_new_and_missing_figures_are_named()
    {
        var baseline = Path.Combine(_scratch, "baseline.json");
        File.WriteAllText(baseline, """
            { "machine": { "date": "2026-11-27", "device": "cpu" },
              "scalar_race": { "seconds_per_form": 4, "held_failures": 0, "retired_figure": 5 },
              "summary": [ "not a figure" ] }
            """);
        var output = Path.Combine(_scratch, "bench");
        var result = await CortexProcess.RunAsync("bench", "--only", "scalar-race", "--quick", "--baseline", baseline, "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(Path.Combine(output, "bench.json")));
        Assert.Contains($"Against {baseline} (2026-11-27, cpu): this run / baseline", result.Output);
        // --quick races each form for 2 s, against the baseline's 4.
        Assert.Contains("  scalar_race.seconds_per_form: 2 vs 4 — 0.50×", result.Output);
        Assert.Contains("  scalar_race.held_failures: 0 vs 0 — no ratio", result.Output);
        Assert.Matches(@"  scalar_race\.operator_adds: \d+ — new, not in the baseline", result.Output);
        Assert.Contains("  scalar_race.retired_figure: not measured in this run (baseline 5)", result.Output);
    }

    [Fact]
    public async Task A_missing_or_broken_baseline_is_refused_before_anything_is_measured()
    {
        var output = Path.Combine(_scratch, "bench");
        var missing = Path.Combine(_scratch, "nope.json");
        var result = await CortexProcess.RunAsync("bench", "--only", "scalar-race", "--quick", "--baseline", missing, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--baseline: there is no file {missing}", result.Error);
        Assert.DoesNotContain("Benchmarking", result.Output);

        var broken = Path.Combine(_scratch, "broken.json");
        File.WriteAllText(broken, "{ \"tis\": [");
        result = await CortexProcess.RunAsync("bench", "--only", "scalar-race", "--quick", "--baseline", broken, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--baseline: {broken} is not valid JSON", result.Error);
        Assert.False(File.Exists(Path.Combine(output, "bench.json")));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
