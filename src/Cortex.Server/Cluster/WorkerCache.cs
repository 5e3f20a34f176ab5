namespace Cortex.Server.Cluster;

/// <summary>
/// A worker's copy of what the head offers, by SHA-256: <c>blobs/HASH</c>, and <c>models/MANIFEST-HASH/</c> folders whose
/// files are symbolic links to those blobs (copies where the file system refuses links). A blob is written under a temporary
/// name, checked against its hash, then renamed, so a crash or a bad transfer never leaves a wrong file under a good name.
/// </summary>
public sealed class WorkerCache(string directory, Func<IClusterHead> head)
{
    readonly SemaphoreSlim _fetches = new(1, 1);

    public string Directory { get; } = directory;

    public async Task<string> BlobAsync(string hash, CancellationToken cancellationToken)
    {
        if (!ContentHash.IsValid(hash)) throw new ArgumentException($"'{hash}' is not a SHA-256 in hex.", nameof(hash));
        var path = Path.Combine(Directory, "blobs", hash);
        if (File.Exists(path)) return path;
        await _fetches.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(path)) return path;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = path + ".part";
            await using (var file = File.Create(partial))
            {
                for (long offset = 0; ; )
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = await head().Read(hash, offset, ContentShelf.MaxChunk);
                    if (chunk.Length == 0) break;
                    await file.WriteAsync(chunk, cancellationToken);
                    offset += chunk.Length;
                    if (chunk.Length < ContentShelf.MaxChunk) break;
                }
            }
            string actual;
            await using (var written = File.OpenRead(partial)) actual = ContentHash.Of(written);
            if (actual != hash)
            {
                File.Delete(partial);
                throw new InvalidDataException($"Content {hash} arrived as {actual}; it was not kept.");
            }
            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally
        {
            _fetches.Release();
        }
    }

    public async Task<string> ModelFolderAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Directory, "models", manifest.Hash);
        if (System.IO.Directory.Exists(folder)) return folder;
        var building = folder + ".part";
        if (System.IO.Directory.Exists(building)) System.IO.Directory.Delete(building, recursive: true);
        foreach (var file in manifest.Files)
        {
            if (Path.IsPathRooted(file.Path) || file.Path.Split('/').Contains("..")) throw new InvalidDataException($"Model file '{file.Path}' points outside its folder.");
            var blob = await BlobAsync(file.Hash, cancellationToken);
            var target = Path.Combine(building, file.Path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.CreateSymbolicLink(target, blob);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                File.Copy(blob, target);
            }
        }
        System.IO.Directory.Move(building, folder);
        return folder;
    }
}
