using System.Diagnostics;

namespace Cortex.Server.Tests.Cli;

/// <summary>Runs the real <c>cortex</c> executable, as a user would, and captures what it prints.</summary>
public static class CortexProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    internal static string Executable => Path.Combine(AppContext.BaseDirectory, "cortex.dll");

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) => RunAsync(environment, input: null, args);

    /// <summary>Runs with <paramref name="input"/> as its standard input (then closed), as a pipe gives it.</summary>
    public static Task<Result> RunWithInputAsync(string input, params string[] args) => RunAsync(new Dictionary<string, string>(), input, args);

    static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, string? input, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Executable);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Generous: the suite runs its test projects side by side on two cores, and training verbs share them.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cortex {string.Join(' ', args)} did not finish in 10 minutes.");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
