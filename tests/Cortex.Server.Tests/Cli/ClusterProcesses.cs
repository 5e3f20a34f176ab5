using System.Collections.Concurrent;
using System.Diagnostics;
using Cortex.Server.Cli;
using Cortex.Server.Cluster;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// A child process of the multi-process cluster tests (<c>redis-server</c>, <c>cortex worker</c>): started with its output kept,
/// killed with SIGKILL when asked or disposed. Shared with the end-to-end tests (linked into their project).
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    const int OutputLinesKept = 40;

    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();
    readonly ConcurrentQueue<string> _everything = new();

    ClusterProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it printed, for failure messages.</summary>
    public string OutputTail => $"--- {Name} ---\n{string.Join('\n', _output)}";

    /// <summary>
    /// Debian's <c>redis-server</c> on a free loopback port (or <paramref name="port"/>), keeping nothing on disk unless given a
    /// <paramref name="directory"/> to keep its append-only file in, as a cluster's Redis should; ready once it accepts a connection.
    /// </summary>
    public static async Task<(ClusterProcess Redis, string Address)> StartRedisAsync(int? port = null, string? directory = null)
    {
        port ??= LoopbackPorts.Free();
        var start = new ProcessStartInfo("redis-server");
        foreach (var argument in RedisProcess.Arguments(port.Value, directory)) start.ArgumentList.Add(argument);
        var redis = new ClusterProcess("redis-server", start);
        try
        {
            await RedisProcess.WaitUntilListeningAsync(port.Value, () => redis.HasExited, CancellationToken.None);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
        return (redis, $"127.0.0.1:{port}");
    }

    /// <summary><c>cortex worker</c> joining the cluster at <paramref name="cluster"/>, caching in <paramref name="data"/>.</summary>
    public static ClusterProcess StartWorker(string name, string cluster, string certificate, string data, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { CortexProcess.Executable, "worker", "--cluster", cluster, "--certificate", certificate, "--name", name, "--port", "0", "--data", data } };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return new ClusterProcess($"worker {name}", start);
    }

    /// <summary>Whether it printed a line containing <paramref name="text"/>.</summary>
    public bool Printed(string text) => _everything.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>SIGKILL: no chance to abandon its runs or leave the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    void Keep(string? line)
    {
        if (line is null) return;
        _everything.Enqueue(line);
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept) _output.TryDequeue(out _);
    }
}
