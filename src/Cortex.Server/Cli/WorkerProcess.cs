using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex worker</c> as a child process that joins the cluster at <see cref="Options.Cluster"/> with the shared certificate,
/// its silo on a free port and its cache in its own folder. It is ready once the head lists it (<c>GET /api/workers</c>).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    const int OutputLinesKept = 40;

    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    /// <param name="DataDirectory">Where it caches models and images (<c>--data</c>).</param>
    public sealed record Options(string Cluster, string Certificate, string Name, string DataDirectory);

    WorkerProcess(Options options)
    {
        Name = options.Name;
        var start = new ProcessStartInfo(ServerProcess.Host(out var assembly)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (assembly is not null) start.ArgumentList.Add(assembly);
        foreach (var arg in new[] { "worker", "--cluster", options.Cluster, "--certificate", options.Certificate, "--name", options.Name, "--port", "0", "--data", options.DataDirectory })
            start.ArgumentList.Add(arg);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the worker printed, for failure messages.</summary>
    public string OutputTail => string.Join('\n', _output);

    public static WorkerProcess Start(Options options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var worker = new WorkerProcess(options);
        worker._process.Start();
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept) _output.TryDequeue(out _);
    }
}
