namespace Cortex.Compute.World;

public enum Shape { Circle, Square, Triangle, Cross }

public enum Colour { Red, Blue, Yellow, Green, Purple, Orange }

public enum Marking { None, Dot, Bar }

public enum Background { Grey, Beige, LightBlue, LightGreen }

/// <summary>RGB values in [0, 1] of the world's named colours.</summary>
public static class Palette
{
    public static readonly float[] MarkingWhite = [0.97f, 0.97f, 0.97f];

    public static float[] Rgb(Colour colour) => colour switch
    {
        Colour.Red => [0.85f, 0.12f, 0.12f],
        Colour.Blue => [0.12f, 0.25f, 0.85f],
        Colour.Yellow => [0.95f, 0.85f, 0.10f],
        Colour.Green => [0.10f, 0.60f, 0.18f],
        Colour.Purple => [0.55f, 0.15f, 0.70f],
        Colour.Orange => [0.98f, 0.55f, 0.08f],
        _ => throw new ArgumentOutOfRangeException(nameof(colour), colour, null),
    };

    public static float[] Rgb(Background background) => background switch
    {
        Background.Grey => [0.60f, 0.60f, 0.60f],
        Background.Beige => [0.88f, 0.80f, 0.64f],
        Background.LightBlue => [0.64f, 0.80f, 0.96f],
        Background.LightGreen => [0.70f, 0.92f, 0.62f],
        _ => throw new ArgumentOutOfRangeException(nameof(background), background, null),
    };

    /// <summary>The background whose base colour is nearest to <paramref name="rgb"/>.</summary>
    public static Background NearestBackground(ReadOnlySpan<float> rgb)
    {
        var best = Background.Grey;
        var bestDistance = double.MaxValue;
        foreach (var background in Enum.GetValues<Background>())
        {
            var reference = Rgb(background);
            double distance = 0;
            for (var c = 0; c < 3; c++) distance += (rgb[c] - reference[c]) * (rgb[c] - reference[c]);
            if (distance < bestDistance) (best, bestDistance) = (background, distance);
        }
        return best;
    }
}
