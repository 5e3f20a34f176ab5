using System.Security.Cryptography;
using System.Text;

namespace Cortex.Server.Accounts;

/// <summary>Random secrets for keys and links, and the hash stored in their place (a fast hash suffices for 256 random bits).</summary>
public static class Secrets
{
    /// <summary>32 bytes from the CSPRNG, base64url without padding (43 characters).</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
