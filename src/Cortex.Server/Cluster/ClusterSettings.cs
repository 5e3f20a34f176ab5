using System.ComponentModel.DataAnnotations;

namespace Cortex.Server.Cluster;

/// <summary>
/// The <c>Cortex:Cluster</c> configuration section; <c>cortex serve --cluster</c> and <c>cortex worker</c>'s flags set the same keys.
/// Without <see cref="Address"/> the head runs a cluster of one (localhost clustering) with its own worker.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Cortex:Cluster";

    /// <summary>The Redis server that holds the membership table, <c>HOST:PORT</c> (a StackExchange.Redis configuration string, so <c>,password=…</c> may follow).</summary>
    public string? Address { get; set; }

    /// <summary>
    /// The PKCS#12 file every member presents and requires of its peers (mutual TLS, pinned to this certificate's key), so that a
    /// stranger on the network cannot join. Required with <see cref="Address"/>; <c>cortex cluster-cert</c> makes one.
    /// </summary>
    public string? Certificate { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>How many times an experiment whose worker died is started before it is left interrupted.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 2;

    /// <summary>The port this member's silo listens on for the others; 0 picks a free one.</summary>
    [Range(0, 65_535)]
    public int SiloPort { get; set; } = 11_111;

    /// <summary>The address the other members reach this one at; default: the local address that routes to <see cref="Address"/>.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>This worker's name on the Workers page; default: the machine name and the silo port.</summary>
    public string? WorkerName { get; set; }

    /// <summary>How many experiments this worker runs at once (a device's cap, <c>Cortex:MaxConcurrentExperiments</c>, still holds across the cluster).</summary>
    [Range(1, 16)]
    public int Slots { get; set; } = 1;

    /// <summary>Whether the head runs a compute worker of its own besides serving (on by default, so one process does everything).</summary>
    public bool LocalWorker { get; set; } = true;

    /// <summary>How long the head waits after a restart for the workers to report the runs they still hold, before it calls the rest interrupted.</summary>
    [Range(0, 3_600)]
    public int ReconcileSeconds { get; set; } = 20;

    /// <summary>Membership's probe timeout; a member that misses three probes in a row is declared dead.</summary>
    [Range(1, 600)]
    public int ProbeSeconds { get; set; } = 5;

    /// <summary>Where a worker keeps models and images by content hash; default: <c>worker-cache</c> in the data directory.</summary>
    public string? CacheDirectory { get; set; }
}
