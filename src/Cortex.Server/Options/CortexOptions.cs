using System.ComponentModel.DataAnnotations;

namespace Cortex.Server.Options;

/// <summary>The <c>Cortex</c> configuration section (appsettings.json, CORTEX__* environment variables, command line).</summary>
public sealed class CortexOptions
{
    public const string Section = "Cortex";

    /// <summary>Where the database and exported files live. Default: the user's local data folder, <c>cortex</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "cortex");

    /// <summary>The built-in model to serve; empty means the one shipped with Cortex.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>The folder models and evaluators are registered from; nothing outside it can be registered. Default: <c>models</c> in the data directory.</summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>Registered models kept loaded at once besides the built-in one; the least recently used one is unloaded first.</summary>
    [Range(1, 16)]
    public int MaxLoadedModels { get; set; } = 2;

    /// <summary>How often an open dashboard reads its person's account again, so a changed role or membership reaches pages already open.</summary>
    [Range(1, 3_600)]
    public int CircuitRevalidationSeconds { get; set; } = 30;

    /// <summary>Sign-in and setup attempts one address may make a minute; beyond, 429.</summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Experiments that run at the same time on one device.</summary>
    [Range(1, 16)]
    public int MaxConcurrentExperiments { get; set; } = 1;

    /// <summary>The most optimization steps an experiment may ask for.</summary>
    [Range(1, 1_000_000)]
    public int MaxSteps { get; set; } = 20_000;

    /// <summary>The most support images per concept an experiment may ask for.</summary>
    [Range(8, 100_000)]
    public int MaxImagesPerConcept { get; set; } = 2_000;

    /// <summary>How often the worker looks for queued experiments when nobody signals it.</summary>
    [Range(50, 60_000)]
    public int QueuePollMilliseconds { get; set; } = 1_000;
}
