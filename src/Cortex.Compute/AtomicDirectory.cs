namespace Cortex.Compute;

/// <summary>
/// Writes a whole directory or nothing: the content goes into a sibling temporary directory, which
/// then replaces the target by rename. A crash leaves the old target (or none), never half of a new one.
/// </summary>
public static class AtomicDirectory
{
    public static void Write(string directory, Action<string> writeInto)
    {
        var target = Path.GetFullPath(directory);
        var staging = $"{target}.tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            writeInto(staging);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
