namespace Cortex.Compute.Models.Taming;

/// <summary>
/// What a taming checkpoint cannot say about itself. <see cref="Config"/> is taming's YAML config;
/// without it every hyperparameter is read from the tensor shapes, except the ones below.
/// </summary>
public sealed record TamingLoadOptions
{
    /// <summary>Path of the taming YAML config (model.params), or null to infer from shapes.</summary>
    public string? Config { get; init; }

    /// <summary>minGPT's n_head, needed for a transformer checkpoint when no config gives it; refused when it disagrees with the config.</summary>
    public int? Heads { get; init; }

    /// <summary>
    /// Image side in pixels when no config gives ddconfig.resolution; refused when it disagrees with the config. Needed for a VQGAN
    /// alone; a transformer's square block gives its token grid, hence the side, without it.
    /// </summary>
    public int? Resolution { get; init; }

    /// <summary>Class count of a cin transformer when no config gives cond_stage_config n_classes; default ImageNet's 1000, capped at the vocabulary.</summary>
    public int? Classes { get; init; }

    /// <summary>Name shown for the model; default: the checkpoint's file name.</summary>
    public string? Name { get; init; }
}
