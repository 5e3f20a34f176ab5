using LiteDB;

namespace Cortex.Server.Storage;

/// <summary>
/// Uploaded concepts' images in file storage, as PNGs at the model's size, under
/// <c>$/concepts/{id}/images/{number}</c>. Numbers only grow, so the ids sort in upload order and an
/// image's index is its place in that order; deleting one moves the later ones up.
/// </summary>
public sealed class ConceptImageStore(CortexDatabase database)
{
    // Adding reads the last number and writes the next: two uploads at once must not pick the same one.
    readonly Lock _gate = new();

    public IReadOnlyList<ConceptImage> List(string conceptId) =>
        Files(conceptId).Select((file, i) => new ConceptImage(i, file.Filename, file.UploadDate.ToUniversalTime())).ToList();

    public int Count(string conceptId) => Files(conceptId).Count;

    /// <summary>Stores an image at the end; its index, or null when the concept already holds <paramref name="capacity"/>.</summary>
    public int? Add(string conceptId, string name, byte[] png, int capacity)
    {
        lock (_gate)
        {
            var files = Files(conceptId);
            if (files.Count >= capacity) return null;
            var next = files.Count == 0 ? 0 : int.Parse(files[^1].Id[Prefix(conceptId).Length..], System.Globalization.CultureInfo.InvariantCulture) + 1;
            using var stream = new MemoryStream(png);
            // A file is its chunks and then its entry: one transaction, so a crash between them leaves no chunks that the next upload's id would collide with.
            database.InTransaction(() => database.Files.Upload(FileId(conceptId, next), name, stream));
            return files.Count;
        }
    }

    public byte[]? Read(string conceptId, int index)
    {
        var files = Files(conceptId);
        return index >= 0 && index < files.Count ? Bytes(files[index]) : null;
    }

    /// <summary>The first <paramref name="count"/> images (fewer when fewer are stored).</summary>
    public IReadOnlyList<byte[]> ReadFirst(string conceptId, int count) => Files(conceptId).Take(count).Select(Bytes).ToList();

    public bool Delete(string conceptId, int index)
    {
        lock (_gate)
        {
            var files = Files(conceptId);
            return index >= 0 && index < files.Count && database.InTransaction(() => database.Files.Delete(files[index].Id));
        }
    }

    /// <summary>Deletes every image of the concept and runs <paramref name="alongside"/> (deleting the concept itself) in one transaction, so a crash leaves both or neither.</summary>
    public void DeleteAll(string conceptId, Action alongside)
    {
        lock (_gate)
        {
            database.InTransaction(() =>
            {
                foreach (var file in Files(conceptId)) database.Files.Delete(file.Id);
                alongside();
                return true;
            });
        }
    }

    List<LiteFileInfo<string>> Files(string conceptId)
    {
        var prefix = Prefix(conceptId);
        return database.Files.Find(file => file.Id.StartsWith(prefix)).OrderBy(file => file.Id, StringComparer.Ordinal).ToList();
    }

    static byte[] Bytes(LiteFileInfo<string> file)
    {
        using var stream = new MemoryStream();
        file.CopyTo(stream);
        return stream.ToArray();
    }

    static string Prefix(string conceptId) => $"$/concepts/{conceptId}/images/";

    // Fixed width, so ordinal order is numeric order.
    static string FileId(string conceptId, int number) => Prefix(conceptId) + number.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
}
