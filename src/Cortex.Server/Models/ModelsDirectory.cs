using Cortex.Server.Options;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Models;

/// <summary>
/// The one folder registered models and evaluators may come from. A registration names a path relative
/// to it; anything that leaves it — <c>..</c>, an absolute path elsewhere, a symbolic link pointing
/// out — is refused, so the API cannot be used to read arbitrary files of the server.
/// </summary>
public sealed class ModelsDirectory
{
    static readonly string[] CheckpointExtensions = [".ckpt", ".safetensors"];
    static readonly string[] ConfigExtensions = [".yaml", ".yml"];
    static readonly string[] EvaluatorExtensions = [".pt", ".pth", ".torchscript"];
    const int MaxListed = 2_000;
    const int MaxPathLength = 1_024;

    public ModelsDirectory(IOptions<CortexOptions> options)
    {
        var configured = options.Value.ModelsDirectory;
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(options.Value.DataDirectory, "models") : configured);
        Directory.CreateDirectory(root);
        // Compared against resolved paths, so the root is resolved too (it may sit under a linked folder such as /tmp on some systems).
        Root = RealPath(root);
    }

    public string Root { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the directory, or why it is refused.</summary>
    public (string? Path, string? Error) Resolve(string? relative, bool mustBeFile)
    {
        if (string.IsNullOrWhiteSpace(relative)) return (null, "A path inside the models directory is required.");
        if (relative.Length > MaxPathLength) return (null, $"At most {MaxPathLength} characters, not {relative.Length}.");
        // A NUL would make Path.GetFullPath throw; no file worth registering has a control character in its name.
        if (relative.Any(char.IsControl))
            return (null, $"The path holds a control character (U+{(int)relative.First(char.IsControl):X4}); name a file or folder of the models directory.");
        var normal = relative.Trim().Replace('\\', '/');
        if (normal.Split('/').Contains("..")) return (null, $"'{relative}' climbs out with '..'; name a path inside the models directory.");
        var full = Path.GetFullPath(Path.IsPathRooted(normal) ? normal : Path.Combine(Root, normal));
        if (!Inside(full)) return (null, $"'{relative}' lies outside the models directory ({Root}); copy or link the model there.");
        if (!File.Exists(full) && !Directory.Exists(full)) return (null, $"'{relative}' does not exist in the models directory.");
        if (mustBeFile && !File.Exists(full)) return (null, $"'{relative}' is a directory; name a file.");
        var target = RealPath(full);
        if (!Inside(target)) return (null, $"'{relative}' is a link to {target}, outside the models directory.");
        return (full, null);
    }

    /// <summary>The path as stored: relative to the root, with forward slashes.</summary>
    public string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    public string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>The checkpoints, model folders, configs and evaluators a registration could name.</summary>
    public IReadOnlyList<ModelsDirectoryEntry> Browse()
    {
        var entries = new List<ModelsDirectoryEntry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(Root, "*", options))
        {
            if (entries.Count >= MaxListed) break;
            var kind = Kind(file);
            if (kind is null) continue;
            entries.Add(new ModelsDirectoryEntry(Relative(file), kind, new FileInfo(file).Length));
            // A checkpoint inside checkpoints/ means taming's own layout: the folder itself can be registered.
            if (kind == "checkpoint" && Path.GetFileName(Path.GetDirectoryName(file)) == "checkpoints")
                entries.Add(new ModelsDirectoryEntry(Relative(Path.GetDirectoryName(Path.GetDirectoryName(file))!), "model folder", 0));
        }
        return [.. entries.DistinctBy(e => e.Path).OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    static string? Kind(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (CheckpointExtensions.Contains(extension)) return "checkpoint";
        if (ConfigExtensions.Contains(extension)) return "config";
        if (EvaluatorExtensions.Contains(extension)) return "evaluator";
        return extension == ".json" && !file.EndsWith("model-card.json", StringComparison.Ordinal) ? "evaluator config" : null;
    }

    bool Inside(string full) =>
        full == Root || full.StartsWith(Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it followed.</summary>
    static string RealPath(string full)
    {
        var parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) current = target.FullName;
        }
        return current;
    }
}
