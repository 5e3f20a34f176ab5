using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cortex.Server.Cli;

/// <summary>
/// A <c>redis-server</c> of the benchmark's own on a free loopback port, keeping nothing on disk: the cluster's membership table
/// for a head and workers on this machine. Never a shared one, so that a bench cannot disturb another cluster. Its arguments and
/// readiness check serve the multi-process tests too.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    readonly Process _process;

    RedisProcess(Process process, int port) => (_process, Port) = (process, port);

    public int Port { get; }

    /// <summary>The cluster address the head and the workers are given, <c>127.0.0.1:PORT</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = Cluster.LoopbackPorts.Free();
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Arguments(port, directory: null)) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"The cluster bench needs redis-server on the PATH (Debian: apt-get install redis-server): {e.Message}", e);
        }
        var redis = new RedisProcess(process, port);
        try
        {
            await WaitUntilListeningAsync(port, () => process.HasExited, cancellationToken);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>redis-server</c>'s arguments for loopback port <paramref name="port"/>: nothing kept on disk, unless given a
    /// <paramref name="directory"/> to keep an append-only file in (synced on every write), as a cluster's Redis should.
    /// </summary>
    public static IReadOnlyList<string> Arguments(int port, string? directory) =>
    [
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--loglevel", "warning",
        .. directory is null ? ["--appendonly", "no"] : new[] { "--appendonly", "yes", "--appendfsync", "always", "--dir", directory },
    ];

    /// <summary>Returns once something accepts connections on the loopback <paramref name="port"/>; throws when the process exits first or after 20 s.</summary>
    public static async Task WaitUntilListeningAsync(int port, Func<bool> exited, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (exited()) throw new InvalidOperationException($"redis-server exited before it listened on port {port}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (waited.Elapsed < StartTimeout)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
