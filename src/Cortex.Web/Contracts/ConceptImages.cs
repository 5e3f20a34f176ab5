namespace Cortex.Web.Contracts;

/// <summary>One image of an uploaded concept: its place in the support set, the name it was uploaded under, and when.</summary>
public sealed record ConceptImage(int Index, string Name, DateTime UploadedAt);

/// <summary>A file as a client sent it, before any check.</summary>
public sealed record UploadedFile(string Name, byte[] Bytes);

/// <summary>What became of one uploaded file: accepted as image <see cref="Index"/>, or refused with a sentence that names the file and says why.</summary>
public sealed record ImageUploadResult(string Name, bool Accepted, int? Index, string? Error)
{
    public static ImageUploadResult Added(string name, int index) => new(name, true, index, null);

    public static ImageUploadResult Refused(string name, string error) => new(name, false, null, error);
}
