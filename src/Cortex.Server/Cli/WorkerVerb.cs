using System.CommandLine;
using Cortex.Server.Cluster;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex worker --cluster HOST:PORT --certificate FILE [--device …] [--slots N] [--name NAME]</c>: a compute worker that
/// joins the head's cluster and runs the experiments the head gives it, with nothing else installed (models and images come
/// from the head and are cached by content hash).
/// </summary>
public static class WorkerVerb
{
    public static Option<string> CertificateOption() => new("--certificate")
    {
        Description = "The cluster's shared PKCS#12 certificate (Cortex:Cluster:Certificate; its password: Cortex__Cluster__CertificatePassword). `cortex cluster-cert` makes one.",
    };

    public static Command Create()
    {
        var command = new Command("worker", "Join a Cortex cluster as a compute worker.");
        var cluster = new Option<string>("--cluster") { Description = "The Redis server that holds the cluster's membership, HOST:PORT (Cortex:Cluster:Address).", Required = true };
        var certificate = CertificateOption();
        var slots = new Option<int?>("--slots") { Description = "Experiments this worker runs at once (default 1; a device's Cortex:MaxConcurrentExperiments still holds across the cluster)." };
        var name = new Option<string>("--name") { Description = "The worker's name on the Workers page (default: the machine's name and the silo port)." };
        var port = new Option<int?>("--port") { Description = "The port the worker's silo listens on for the other members (default 11111; 0 picks a free one)." };
        var advertise = new Option<string>("--advertise") { Description = "The IP address the other members reach this worker at (default: the local address that routes to Redis)." };
        var data = new Option<string>("--data") { Description = "Where the worker caches models and images (default: the user's local data folder, worker-cache)." };
        var compute = new ComputeArguments();
        foreach (var option in new Option[] { cluster, certificate, slots, name, port, advertise, data }) command.Options.Add(option);
        compute.AddTo(command);
        command.SetAction((result, cancellationToken) => CortexCli.Guard(() =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Address"] = result.GetValue(cluster), ["Certificate"] = result.GetValue(certificate), ["Slots"] = result.GetValue(slots)?.ToString(),
                ["WorkerName"] = result.GetValue(name), ["SiloPort"] = result.GetValue(port)?.ToString(), ["AdvertisedAddress"] = result.GetValue(advertise),
                ["CacheDirectory"] = result.GetValue(data) is { } folder ? Path.Combine(folder, "worker-cache") : null,
            };
            return WorkerHost.RunAsync(settings.Where(s => s.Value is not null).ToDictionary(s => $"{ClusterSettings.Section}:{s.Key}", s => s.Value), compute.Read(result), cancellationToken);
        }));
        return command;
    }
}
