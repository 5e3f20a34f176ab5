namespace Cortex.Server.Cli;

/// <summary>Where a verb may write: a new or empty directory, or one it wrote before (it holds the verb's marker file).</summary>
public static class OutputDirectory
{
    public static string Check(string output, string marker)
    {
        var target = Path.GetFullPath(output);
        if (File.Exists(target)) throw new ArgumentException($"--out '{output}' is a file; give a directory.");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, marker)))
            throw new ArgumentException($"--out '{output}' is a non-empty directory without a {marker}; refusing to replace it.");
        return target;
    }
}
