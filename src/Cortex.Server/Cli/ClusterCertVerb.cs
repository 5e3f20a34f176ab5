using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cortex.Server.Cli;

/// <summary>
/// <c>cortex cluster-cert --out FILE [--days N]</c>: makes the cluster's shared certificate, a self-signed P-256 key for mutual
/// TLS between the members. Whoever holds the file may join the cluster, so it is written readable by its owner only.
/// </summary>
public static class ClusterCertVerb
{
    public static Command Create()
    {
        var command = new Command("cluster-cert", "Make the certificate the members of a Cortex cluster share (mutual TLS).");
        var output = new Option<string>("--out") { Description = "The PKCS#12 file to write (its password: Cortex__Cluster__CertificatePassword, empty when unset).", Required = true };
        var days = new Option<int>("--days") { Description = "How long it is valid (default 825 days).", DefaultValueFactory = _ => 825 };
        command.Options.Add(output);
        command.Options.Add(days);
        command.SetAction((result, _) => CortexCli.Guard(() =>
        {
            var path = result.GetValue(output)!;
            if (File.Exists(path)) throw new IOException($"{path} exists; Cortex does not overwrite a cluster certificate (the members holding it would be locked out).");
            if (result.GetValue(days) is < 1 or > 3_650) throw new ArgumentException("--days must be between 1 and 3650.");
            File.WriteAllBytes(path, Make(result.GetValue(days), Environment.GetEnvironmentVariable("Cortex__Cluster__CertificatePassword")));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Console.WriteLine($"Wrote {path}. Give it to the head and every worker (--certificate), over a channel you trust.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static byte[] Make(int days, string? password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cortex-cluster", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(days));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }
}
