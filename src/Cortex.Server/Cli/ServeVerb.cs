using System.CommandLine;

namespace Cortex.Server.Cli;

/// <summary><c>cortex [serve] [--urls URLS] [--model DIR] [--data DIR] [--cluster HOST:PORT --certificate FILE]</c>: runs the dashboard. It is also what a bare <c>cortex</c> does.</summary>
public static class ServeVerb
{
    static Option<string> UrlsOption() => new("--urls")
    {
        Description = $"Addresses to listen on, e.g. http://127.0.0.1:5080 (default: ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS when set, else {Hosting.ListenAddresses.Default}).",
    };

    static Option<string> ModelOption() => new("--model") { Description = "Built-in model directory (default: the model shipped with Cortex)." };

    static Option<string> DataOption() => new("--data") { Description = "Data directory for the database and results (default: the user's local data folder)." };

    static Option<string> ClusterOption() => new("--cluster")
    {
        Description = "Join the cluster whose membership lives in this Redis server, HOST:PORT (Cortex:Cluster:Address; default: a cluster of one, nothing to install).",
    };

    public static Command Create(Func<ServeOptions, CancellationToken, Task<int>> serve)
    {
        var command = new Command("serve", "Run the Cortex dashboard (the default verb).");
        Bind(command, serve);
        return command;
    }

    public static void MakeDefault(RootCommand root, Func<ServeOptions, CancellationToken, Task<int>> serve) => Bind(root, serve);

    static void Bind(Command command, Func<ServeOptions, CancellationToken, Task<int>> serve)
    {
        var urls = UrlsOption();
        var model = ModelOption();
        var data = DataOption();
        var cluster = ClusterOption();
        var certificate = WorkerVerb.CertificateOption();
        command.Options.Add(urls);
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(cluster);
        command.Options.Add(certificate);
        command.SetAction((result, cancellationToken) => CortexCli.Guard(() => serve(
            new ServeOptions(result.GetValue(urls), result.GetValue(model), result.GetValue(data), result.GetValue(cluster), result.GetValue(certificate)), cancellationToken)));
    }
}
