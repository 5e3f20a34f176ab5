using System.Text.Json;

namespace Cortex.Server.Tests.Cli;

/// <summary><c>cortex bench --only load --quick</c> end to end: a child server, its SignalR and API clients, and a sane report.</summary>
public sealed class LoadBenchTests : IDisposable
{
    readonly string _scratch = Directory.CreateTempSubdirectory("cortex-load-bench-").FullName;

    [Fact]
    public async Task Quick_load_bench_reports_frames_requests_and_the_servers_memory()
    {
        var output = Path.Combine(_scratch, "bench");
        var result = await CortexProcess.RunAsync("bench", "--only", "load", "--quick", "--out", output);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        foreach (var skipped in new[] { "tis", "streaming", "taming" }) Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty(skipped).ValueKind);
        var load = json.RootElement.GetProperty("load");
        Assert.Equal(50, load.GetProperty("clients").GetInt32());
        Assert.Equal(20, load.GetProperty("queued_experiments").GetInt32());
        Assert.True(load.GetProperty("live_run").GetProperty("steps").GetInt32() > 0);

        var frames = load.GetProperty("frames");
        Assert.True(frames.GetProperty("received_per_client").GetProperty("min").GetDouble() > 0, frames.ToString());
        Assert.True(frames.GetProperty("latency_p95_ms").GetDouble() >= frames.GetProperty("latency_p50_ms").GetDouble());
        Assert.InRange(frames.GetProperty("dropped_percent").GetDouble(), 0, 100);

        var api = load.GetProperty("api");
        Assert.True(api.GetProperty("requests").GetInt64() > 0);
        Assert.Equal(0, api.GetProperty("failures").GetInt64());

        var memory = load.GetProperty("memory");
        Assert.True(memory.GetProperty("samples").GetArrayLength() >= 2);
        Assert.True(memory.GetProperty("start_mib").GetDouble() > 0);
        Assert.True(memory.GetProperty("max_mib").GetDouble() >= memory.GetProperty("end_mib").GetDouble());
        Assert.Equal(4, json.RootElement.GetProperty("summary").GetArrayLength());
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
