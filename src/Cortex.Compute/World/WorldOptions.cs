namespace Cortex.Compute.World;

/// <summary>How the world renders: canvas size and the planted shortcut.</summary>
public sealed record WorldOptions
{
    public static readonly int[] AllowedImageSizes = [32, 48, 64];

    /// <summary>Canvas side in pixels: 32 (default), 48 or 64.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>The class that is planted on one background (the shortcut a bias review must find).</summary>
    public int ShortcutClass { get; init; } = 0;

    public Background ShortcutBackground { get; init; } = Background.LightGreen;

    /// <summary>Share of the shortcut class's images on <see cref="ShortcutBackground"/>; 0 renders uniform backgrounds.</summary>
    public double ShortcutRate { get; init; } = 0.9;

    /// <summary>The same world without the shortcut: backgrounds uniform for every class.</summary>
    public WorldOptions Unbiased => this with { ShortcutRate = 0 };

    public void Validate()
    {
        if (!AllowedImageSizes.Contains(ImageSize))
            throw new ArgumentException($"ImageSize must be one of {string.Join(", ", AllowedImageSizes)}, not {ImageSize}.");
        if (ShortcutClass < 0 || ShortcutClass >= ClassTable.Count)
            throw new ArgumentException($"ShortcutClass must be a class id in 0..{ClassTable.Count - 1}, not {ShortcutClass}.");
        if (!(ShortcutRate >= 0 && ShortcutRate <= 1))
            throw new ArgumentException($"ShortcutRate must lie in [0, 1], not {ShortcutRate}.");
    }
}
