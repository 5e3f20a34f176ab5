using Xunit.Sdk;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// The stage of a multi-process cluster test: a temporary folder with the cluster's certificate, the <c>redis-server</c> and
/// <c>cortex worker</c> processes it starts, and the head. A failure names the step it happened in, with every process's
/// last output; disposing stops them all and removes the folder. Shared with the end-to-end tests (linked into their project).
/// </summary>
public sealed class ClusterScene : IAsyncDisposable
{
    readonly List<ClusterProcess> _processes = [];
    IAsyncDisposable? _head;
    Func<string>? _headOutput;

    ClusterScene(string data) => Data = data;

    public string Data { get; }

    /// <summary>The cluster's certificate, made by <c>cortex cluster-cert</c> as a person would.</summary>
    public string Certificate => Path.Combine(Data, "cluster.pfx");

    /// <summary>What the test is doing, for the message of a failure.</summary>
    public string Step { get; set; } = "making the cluster certificate";

    public static async Task<ClusterScene> StartAsync(string name)
    {
        var scene = new ClusterScene(Directory.CreateTempSubdirectory($"cortex-{name}-").FullName);
        try
        {
            await MakeCertificateAsync(scene.Certificate);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    public static async Task MakeCertificateAsync(string file)
    {
        var made = await CortexProcess.RunAsync("cluster-cert", "--out", file);
        Assert.True(made.ExitCode == 0, made.Error);
    }

    public async Task<(ClusterProcess Redis, string Address)> StartRedisAsync(int? port = null, string? directory = null)
    {
        var started = await ClusterProcess.StartRedisAsync(port, directory);
        _processes.Add(started.Redis);
        return started;
    }

    /// <summary>A worker caching in its own folder of the scene, with the cluster's certificate unless given another.</summary>
    public ClusterProcess StartWorker(string name, string cluster, string? certificate = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var worker = ClusterProcess.StartWorker(name, cluster, certificate ?? Certificate, Path.Combine(Data, name), settings);
        _processes.Add(worker);
        return worker;
    }

    /// <summary>Takes the head into the scene: stopped with it, its output (if it has one) in a failure's message.</summary>
    public T Head<T>(T head, Func<T, string>? output = null) where T : IAsyncDisposable
    {
        (_head, _headOutput) = (head, output is null ? null : () => output(head));
        return head;
    }

    /// <summary>Stops the head before the scene ends, e.g. to open its database.</summary>
    public async Task StopHeadAsync()
    {
        if (_head is not null) await _head.DisposeAsync();
        (_head, _headOutput) = (null, null);
    }

    public async Task RunAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception e)
        {
            throw new XunitException($"During {Step}: {e.Message}\n--- head ---\n{_headOutput?.Invoke()}\n{string.Join('\n', _processes.Select(p => p.OutputTail))}", e);
        }
    }

    /// <summary>Until <paramref name="worker"/> says it joined the head; fails early if it exits.</summary>
    public static async Task WaitUntilJoinedAsync(ClusterProcess worker, TimeSpan timeout)
    {
        await WaitAsync(() => worker.HasExited || worker.Printed(JoinedLine), timeout, $"{worker.Name} to join the head");
        Assert.False(worker.HasExited, $"{worker.Name} exited before it joined the head.");
    }

    public const string JoinedLine = "Joined the head as worker";

    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout} for {what}.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopHeadAsync();
        foreach (var process in _processes) await process.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
