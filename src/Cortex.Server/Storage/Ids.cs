using System.Security.Cryptography;

namespace Cortex.Server.Storage;

/// <summary>Short random ids for documents: 12 characters of base-32, from a CSPRNG.</summary>
public static class Ids
{
    const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New() => string.Create(12, 0, (span, _) =>
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        for (var i = 0; i < span.Length; i++) span[i] = Alphabet[bytes[i] % Alphabet.Length];
    });
}
