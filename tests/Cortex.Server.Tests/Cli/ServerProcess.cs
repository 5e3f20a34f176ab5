using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Cortex.Server.Tests.Api;

namespace Cortex.Server.Tests.Cli;

/// <summary>
/// <c>cortex serve</c> as a child process, on a loopback port it picks itself and a data directory
/// that outlives it: a test can kill it as the operating system would and start another on the same
/// directory. It is ready once <c>/readyz</c> says so (model loaded, database open, worker alive).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    // Loading the model shares two cores with the rest of the suite.
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    const int OutputLinesKept = 40;

    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();
    bool _started;

    readonly string _apiKey;

    ServerProcess(string dataDirectory, string apiKey)
    {
        _apiKey = apiKey;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CortexProcess.Executable, "serve", "--urls", "http://127.0.0.1:0", "--data", dataDirectory }) start.ArgumentList.Add(arg);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
    }

    public HttpClient Http { get; private set; } = default!;

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string OutputTail => string.Join('\n', _output);

    /// <param name="apiKey">the key the server's <see cref="Http"/> client signs in with (see <see cref="CortexApi.CreateAccount"/>)</param>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, string apiKey)
    {
        var server = new ServerProcess(dataDirectory, apiKey);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the server gets no chance to stop its worker, finish a write or close its database.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        Http?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_started && !_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    async Task StartAsync()
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
            Http = CortexApi.CreateClient(await listening.Task.WaitAsync(StartTimeout), _apiKey);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cortex serve did not listen within {StartTimeout}:\n{OutputTail}");
        }
        await WaitUntilReadyAsync(deadline);
    }

    async Task WaitUntilReadyAsync(DateTime deadline)
    {
        while (true)
        {
            using var response = await Http.GetAsync("/readyz");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"/readyz still answers {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}:\n{OutputTail}");
            await Task.Delay(100);
        }
    }

    void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept) _output.TryDequeue(out _);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
