using Cortex.Server.Storage;
using System.Security.Cryptography;
using System.Text;

namespace Cortex.Server.Cluster;

/// <summary>A file of a model by its path relative to the model's folder, its SHA-256 and its size.</summary>
public sealed record ContentFile(string Path, string Hash, long Bytes);

/// <summary>
/// A model as a worker loads it: the built-in kind (a model folder) or a registered taming model (its registration,
/// with paths relative to the files listed), and its files by content hash. <see cref="Hash"/> names the whole, so a
/// worker loads each version of a model once.
/// </summary>
public sealed record ModelManifest(string Id, string Kind, IReadOnlyList<ContentFile> Files, StoredModel? Registration)
{
    public string Hash => ContentHash.Of(Encoding.UTF8.GetBytes(string.Join('\n', Files.Select(f => $"{f.Path}:{f.Hash}").Prepend(Kind))));
}

/// <summary>Lower-case hex SHA-256, the name content goes by in the cluster.</summary>
public static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    public static bool IsValid(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower);
}
