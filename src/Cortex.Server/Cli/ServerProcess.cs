using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex serve</c> as a child process on a loopback port it picks itself (read from its "Now listening
/// on" line), ready once <c>/readyz</c> says so. The load benchmark reads its memory; the crash test kills it
/// as the operating system would and starts another on the same data directory.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    const int OutputLinesKept = 40;

    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();
    readonly Options _options;
    bool _started;

    /// <param name="DataDirectory">The server's data directory; deleted on dispose when <paramref name="OwnsData"/>.</param>
    /// <param name="ApiKey">An account's key made in that directory before the server opened it, for <see cref="Client"/>; null for a server nobody has set up.</param>
    /// <param name="ModelDirectory">A built-in model directory instead of the shipped one.</param>
    /// <param name="Settings">Environment variables: configuration as <c>Section__Key</c>, or the host's own such as <c>ASPNETCORE_URLS</c>.</param>
    /// <param name="Urls">The <c>--urls</c> argument; null leaves the addresses to the environment.</param>
    public sealed record Options(string DataDirectory, string? ApiKey, bool OwnsData = false, string? ModelDirectory = null,
        IReadOnlyDictionary<string, string>? Settings = null, string? Urls = "http://127.0.0.1:0");

    ServerProcess(Options options)
    {
        _options = options;
        var start = new ProcessStartInfo(Host(out var assembly)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (assembly is not null) start.ArgumentList.Add(assembly);
        foreach (var arg in new[] { "serve", "--data", options.DataDirectory }) start.ArgumentList.Add(arg);
        if (options.Urls is not null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(options.Urls);
        }
        if (options.ModelDirectory is not null)
        {
            start.ArgumentList.Add("--model");
            start.ArgumentList.Add(options.ModelDirectory);
        }
        foreach (var (key, value) in options.Settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
    }

    public Uri Address { get; private set; } = default!;

    public string? ApiKey => _options.ApiKey;

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string OutputTail => string.Join('\n', _output);

    /// <summary>The server's resident set size (VmRSS) in MiB.</summary>
    public double ResidentMib
    {
        get
        {
            _process.Refresh();
            return Math.Round(_process.WorkingSet64 / 1048576.0, 1);
        }
    }

    public static async Task<ServerProcess> StartAsync(Options options, CancellationToken cancellationToken = default)
    {
        var server = new ServerProcess(options);
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client for the server that signs in with <see cref="ApiKey"/>, or anonymous without one.</summary>
    public HttpClient Client() => _options.ApiKey is { } key ? new BenchClients(Address, key).Http() : new HttpClient { BaseAddress = Address };

    /// <summary>SIGKILL: the server gets no chance to stop its worker, finish a write or close its database.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_started && !_process.HasExited) await KillAsync();
        _process.Dispose();
        if (_options.OwnsData && Directory.Exists(_options.DataDirectory)) Directory.Delete(_options.DataDirectory, recursive: true);
    }

    /// <summary>Started the way this process was: the dotnet host with cortex.dll, or the cortex executable itself.</summary>
    internal static string Host(out string? assembly)
    {
        var self = Environment.ProcessPath!;
        assembly = Path.GetFileNameWithoutExtension(self) == "cortex" ? null : typeof(ServerProcess).Assembly.Location;
        return assembly is null ? self : Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Keep(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value));
        };
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"cortex serve exited ({_process.ExitCode}) before it listened:\n{OutputTail}"));
        _process.Start();
        _started = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            Address = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cortex serve did not listen within {StartTimeout}:\n{OutputTail}");
        }
        await WaitUntilReadyAsync(deadline, cancellationToken);
    }

    async Task WaitUntilReadyAsync(DateTime deadline, CancellationToken cancellationToken)
    {
        using var http = Client();
        while (true)
        {
            using var response = await http.GetAsync("/readyz", cancellationToken);
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"/readyz still answers {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}:\n{OutputTail}");
            await Task.Delay(100, cancellationToken);
        }
    }

    void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept) _output.TryDequeue(out _);
    }

    [GeneratedRegex(@"Now listening on: (https?://\S+)")]
    private static partial Regex ListeningLine();
}
