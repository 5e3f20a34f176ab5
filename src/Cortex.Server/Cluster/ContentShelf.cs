using System.Collections.Concurrent;

namespace Cortex.Server.Cluster;

/// <summary>
/// What the head offers its workers by content hash: model files (read from disk, hashed once per path, size and time)
/// and concept images (read from the database when asked). Only content named in an assignment is on the shelf,
/// so a worker can read nothing else through <see cref="IClusterHead.Read"/>.
/// </summary>
public sealed class ContentShelf
{
    /// <summary>A read's largest answer: well under the cluster's message limit, large enough that a model moves in few calls.</summary>
    public const int MaxChunk = 4 << 20;

    readonly ConcurrentDictionary<string, Func<Stream>> _sources = new();
    readonly ConcurrentDictionary<(string Path, long Bytes, DateTime Written), string> _fileHashes = new();

    /// <summary>Shelves a file and returns its hash.</summary>
    public string AddFile(string path)
    {
        var info = new FileInfo(path);
        var hash = _fileHashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), _ =>
        {
            using var stream = File.OpenRead(path);
            return ContentHash.Of(stream);
        });
        _sources[hash] = () => File.OpenRead(path);
        return hash;
    }

    /// <summary>Shelves bytes read again when a worker asks (<paramref name="read"/>), and returns their hash.</summary>
    public string AddBytes(byte[] bytes, Func<byte[]?> read)
    {
        var hash = ContentHash.Of(bytes);
        _sources[hash] = () => new MemoryStream(read() ?? throw new FileNotFoundException($"Content {hash} was deleted on the head."));
        return hash;
    }

    public byte[] Read(string hash, long offset, int count)
    {
        if (!_sources.TryGetValue(hash, out var open)) throw new FileNotFoundException($"The head offers no content with hash {hash}.");
        if (offset < 0 || count is < 1 or > MaxChunk) throw new ArgumentOutOfRangeException(nameof(count), $"A read covers 1 to {MaxChunk} bytes from a non-negative offset.");
        using var stream = open();
        if (offset >= stream.Length) return [];
        stream.Position = offset;
        var buffer = new byte[Math.Min(count, stream.Length - offset)];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
