using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex serve</c> as a child process on a loopback port with a temporary data directory, so that a
/// benchmark can read the server's own memory. Disposing kills it and deletes the directory.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    const int KeptOutputLines = 20;
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    readonly Process _process;
    readonly string _data;
    readonly Queue<string> _output = new();

    ServerProcess(Process process, string data, Uri address, string apiKey)
    {
        (_process, _data, Address, ApiKey) = (process, data, address, apiKey);
    }

    public Uri Address { get; }

    /// <summary>An admin's key, made in the data directory before the server opened it.</summary>
    public string ApiKey { get; }

    /// <summary>The server's resident set size (VmRSS) in MiB.</summary>
    public double ResidentMib
    {
        get
        {
            _process.Refresh();
            return Math.Round(_process.WorkingSet64 / 1048576.0, 1);
        }
    }

    /// <param name="configuration">Settings for the server, as <c>Section__Key</c> environment variables.</param>
    public static async Task<ServerProcess> StartAsync(string? modelDirectory, IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("cortex-load-").FullName;
        string apiKey;
        using (var database = Storage.CortexDatabase.Open(data))
            apiKey = BenchClients.CreateAccount(database);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        // Started the way this process was: through the dotnet host with cortex.dll, or as the cortex executable.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        foreach (var arg in new[] { "serve", "--urls", address.ToString(), "--data", data }) start.ArgumentList.Add(arg);
        if (modelDirectory is not null)
        {
            start.ArgumentList.Add("--model");
            start.ArgumentList.Add(modelDirectory);
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in configuration) start.Environment[key] = value;

        var server = new ServerProcess(Process.Start(start)!, data, address, apiKey);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new BenchClients(Address, ApiKey).Http();
        var waited = Stopwatch.StartNew();
        while (!await IsReadyAsync(http, cancellationToken))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server stopped while starting (exit code {_process.ExitCode}): {Output()}");
            if (waited.Elapsed > StartTimeout) throw new TimeoutException($"The server was not ready within {StartTimeout.TotalMinutes} minutes: {Output()}");
            await Task.Delay(200, cancellationToken);
        }
    }

    static async Task<bool> IsReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/readyz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Count == KeptOutputLines) _output.Dequeue();
            _output.Enqueue(line);
        }
    }

    string Output()
    {
        lock (_output) return string.Join(" | ", _output.Where(l => l.Trim().Length > 0).Select(l => l.Trim()));
    }

    /// <summary>A port free when asked; should another process take it first, the server's start fails with Kestrel's message.</summary>
    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
