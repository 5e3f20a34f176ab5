namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Finds the checkpoint and YAML config of a taming model given as a file or as a directory laid out
/// like taming's downloads and logs (<c>checkpoints/last.ckpt</c>, <c>configs/*-project.yaml</c>), or
/// holding one checkpoint and at most one YAML file. A checkpoint file's config lies beside it: the
/// YAML of the same name (<c>model.ckpt</c> → <c>model.yaml</c>), taming's <c>configs/*-project.yaml</c>
/// next to its <c>checkpoints/</c> folder, or the one YAML of a folder holding one checkpoint.
/// </summary>
public static class TamingFiles
{
    static readonly string[] CheckpointExtensions = [".ckpt", ".safetensors"];
    static readonly string[] ConfigExtensions = [".yaml", ".yml"];

    /// <summary>The checkpoint, and the config unless <paramref name="config"/> names it already or none is found.</summary>
    public static (string Checkpoint, string? Config) Find(string path, string? config)
    {
        if (File.Exists(path)) return (path, config ?? Beside(path));
        if (!Directory.Exists(path)) throw new ModelLoadException($"Model '{path}' does not exist.");
        var last = Path.Combine(path, "checkpoints", "last.ckpt");
        var checkpoint = File.Exists(last) ? last : Single(path, CheckpointExtensions, "checkpoint", required: true)!;
        return (checkpoint, config ?? Project(path) ?? Single(path, ConfigExtensions, "YAML config", required: false));
    }

    static string? Beside(string checkpoint)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        var sameName = ConfigExtensions.Select(e => Path.ChangeExtension(checkpoint, e)).FirstOrDefault(File.Exists);
        if (sameName is not null) return sameName;
        if (Path.GetFileName(folder) == "checkpoints" && Project(Path.GetDirectoryName(folder)!) is { } project) return project;
        var checkpoints = Directory.GetFiles(folder).Count(f => CheckpointExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));
        var configs = Directory.GetFiles(folder).Where(f => ConfigExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).ToList();
        return checkpoints == 1 && configs.Count == 1 ? configs[0] : null;
    }

    /// <summary>taming's logs name the config of a run <c>configs/&lt;date&gt;-project.yaml</c>.</summary>
    static string? Project(string directory)
    {
        var configs = Path.Combine(directory, "configs");
        var projects = Directory.Exists(configs) ? Directory.GetFiles(configs, "*-project.yaml") : [];
        return projects.Length == 1 ? projects[0] : null;
    }

    /// <summary>The one file of a kind in the directory or its checkpoints/ and configs/ folders.</summary>
    static string? Single(string directory, string[] extensions, string kind, bool required)
    {
        var found = new[] { directory, Path.Combine(directory, "checkpoints"), Path.Combine(directory, "configs") }
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return found.Count switch
        {
            1 => found[0],
            0 when !required => null,
            0 => throw new ModelLoadException($"'{directory}' holds no model-card.json (a built-in model) and no {kind} ({string.Join(", ", extensions)}) of a taming model."),
            _ => throw new ModelLoadException($"'{directory}' holds {found.Count} files that could be its {kind} ({string.Join(", ", found.Select(Path.GetFileName))}): name one."),
        };
    }
}
