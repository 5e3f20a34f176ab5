using System.CommandLine;
using Cortex.Compute.Models;
using Cortex.Compute.Native;

namespace Cortex.Server.Cli;

/// <summary>
/// The <c>cortex</c> command line: <c>serve</c> (the default), <c>train-default</c>, <c>model-card</c>.
/// Every failure ends as one line on standard error and a non-zero exit code, never a stack trace.
/// </summary>
public static class CortexCli
{
    public static async Task<int> RunAsync(string[] args, Func<ServeOptions, CancellationToken, Task<int>> serve)
    {
        var root = new RootCommand("Cortex: find which codebook tokens of a vector-quantized image generator carry a concept.");
        var serveVerb = ServeVerb.Create(serve);
        root.Subcommands.Add(serveVerb);
        root.Subcommands.Add(TrainDefaultVerb.Create());
        root.Subcommands.Add(ModelCardVerb.Create());
        root.Subcommands.Add(PaperVerb.Create());
        root.Subcommands.Add(BenchVerb.Create());
        root.Subcommands.Add(UsersVerb.Create());
        root.Subcommands.Add(WorkerVerb.Create());
        root.Subcommands.Add(ClusterCertVerb.Create());
        ServeVerb.MakeDefault(root, serve);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"cortex: {parsed.Errors[0].Message} Run 'cortex --help' for usage.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync();
    }

    /// <summary>Runs a verb body, mapping each kind of failure to its one-line message and exit code.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (TorchUnavailableException e)
        {
            return Fail(ExitCodes.Environment, e.Message);
        }
        catch (Cluster.ClusterSetupException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (ModelLoadException e)
        {
            return Fail(ExitCodes.BadInput, e.Message);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            return Fail(ExitCodes.Usage, $"invalid configuration: {string.Join(" ", e.Failures)}");
        }
        catch (ArgumentException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (IOException e)
        {
            return Fail(ExitCodes.BadInput, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(ExitCodes.BadInput, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Cancelled, "cancelled; nothing was written.");
        }
        catch (Exception e)
        {
            // A defect, not a user's mistake: still one line, with the type so that it can be reported.
            return Fail(ExitCodes.Failure, $"unexpected {e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}");
        }
    }

    static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"cortex: {message}");
        return code;
    }
}
