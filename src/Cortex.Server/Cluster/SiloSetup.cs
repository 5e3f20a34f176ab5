using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Cortex.Server.Cluster;

/// <summary>
/// How every Cortex process joins the cluster. Without an address the head is a cluster of one on loopback (localhost
/// clustering on a free port, nothing to install); with one, membership lives in Redis and members speak mutual TLS with
/// the shared certificate, accepting only peers that present that same certificate. Cortex's own types cross the wire as
/// JSON; a worker leaves the head's grain out, so the head's grain only ever lives beside the database.
/// </summary>
public static class SiloSetup
{
    /// <summary>The cluster's name in Redis; one Redis database holds one Cortex cluster.</summary>
    public const string ClusterId = "cortex";

    /// <summary>A run's results travel in one message: room for its files (frames, arrays), well above Orleans' default.</summary>
    const int MaxMessageBytes = 512 << 20;

    public static void Configure(ISiloBuilder silo, ClusterSettings settings, bool head)
    {
        if (settings.Address is null)
        {
            // Nothing else joins a cluster of one, so any free port does and two servers on one machine never meet.
            silo.UseLocalhostClustering(LoopbackPorts.Free(), LoopbackPorts.Free(), serviceId: ClusterId, clusterId: $"{ClusterId}-{Guid.NewGuid():N}");
        }
        else
        {
            var redis = Redis(settings.Address);
            silo.UseRedisClustering(options => options.ConfigurationOptions = redis);
            silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterId, ClusterId));
            silo.ConfigureEndpoints(Advertised(settings, redis), settings.SiloPort == 0 ? LoopbackPorts.Free() : settings.SiloPort, 0);
            UseCertificate(silo, settings);
        }
        ConfigureMember(silo, settings, head);
    }

    /// <summary>What every member shares whatever its clustering (the tests' in-process cluster uses it too): failure detection, message limits, the wire format, and the head grain's home.</summary>
    public static void ConfigureMember(ISiloBuilder silo, ClusterSettings settings, bool head)
    {
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(settings.ProbeSeconds);
            options.NumMissedProbesLimit = 3;
            options.DefunctSiloExpiration = TimeSpan.FromHours(1);
        });
        silo.Configure<SiloMessagingOptions>(options =>
        {
            options.MaxMessageBodySize = MaxMessageBytes;
            options.ResponseTimeout = TimeSpan.FromMinutes(2);
        });
        silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type.Namespace?.StartsWith("Cortex.", StringComparison.Ordinal) == true));
        if (!head) silo.Services.PostConfigure<GrainTypeOptions>(options => options.Classes.Remove(typeof(ClusterHeadGrain)));
    }

    /// <summary>Orleans and its retry library log every placement at Information; Cortex's own lines are the ones a person reads.</summary>
    public static void QuietLogs(ILoggingBuilder logging)
    {
        logging.AddFilter("Orleans", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning);
    }

    static ConfigurationOptions Redis(string address)
    {
        try
        {
            var options = ConfigurationOptions.Parse(address);
            // The head keeps serving while Redis is away; membership reconnects when it is back.
            options.AbortOnConnectFail = false;
            return options;
        }
        catch (ArgumentException e)
        {
            throw new ClusterSetupException($"Cortex:Cluster:Address '{address}' is not a Redis address (HOST:PORT): {e.Message}");
        }
    }

    static void UseCertificate(ISiloBuilder silo, ClusterSettings settings)
    {
        if (settings.Certificate is null)
            throw new ClusterSetupException("A cluster needs the members' shared certificate: set Cortex:Cluster:Certificate (--certificate) to a PKCS#12 file; `cortex cluster-cert --out FILE` makes one.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.Certificate, settings.CertificatePassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterSetupException($"The cluster certificate '{settings.Certificate}' could not be read: {e.Message.Split('\n')[0]}");
        }
        if (!certificate.HasPrivateKey) throw new ClusterSetupException($"The cluster certificate '{settings.Certificate}' holds no private key.");
        var pinned = certificate.GetPublicKey();
        silo.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Self-signed and shared: trust is "holds the same key", not a chain to a public authority.
            tls.RemoteCertificateValidation = (remote, _, _) => remote is not null && remote.GetPublicKey().AsSpan().SequenceEqual(pinned);
            tls.OnAuthenticateAsClient = (_, options) => options.TargetHost = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        });
    }

    /// <summary>The address others reach this member at: the one configured, else the local address that routes to Redis.</summary>
    static IPAddress Advertised(ClusterSettings settings, ConfigurationOptions redis)
    {
        if (settings.AdvertisedAddress is { } configured)
            return IPAddress.TryParse(configured, out var parsed) ? parsed : throw new ClusterSetupException($"Cortex:Cluster:AdvertisedAddress '{configured}' is not an IP address.");
        var endpoint = redis.EndPoints.FirstOrDefault() ?? throw new ClusterSetupException("Cortex:Cluster:Address names no Redis endpoint.");
        var (host, port) = endpoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new ClusterSetupException($"Cortex:Cluster:Address '{endpoint}' is neither a host name nor an IP address."),
        };
        var target = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new ClusterSetupException($"The Redis host '{host}' has no IPv4 address.");
        if (IPAddress.IsLoopback(target)) return IPAddress.Loopback;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(target, port == 0 ? 6379 : port);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}

/// <summary>The cluster settings cannot work; the message names the setting and the problem.</summary>
public sealed class ClusterSetupException(string message) : Exception(message);
