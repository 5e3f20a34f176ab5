namespace Cortex.Compute.World;

/// <summary>
/// Renders the procedural world. Image <c>i</c> of seed <c>s</c> is a pure function of (s, i, options),
/// so any image can be re-rendered on its own, on any machine.
/// </summary>
public sealed class Renderer
{
    const double GradientAmplitude = 0.08;
    const double NoiseAmplitude = 0.015;

    readonly WorldOptions _options;

    public Renderer(WorldOptions options)
    {
        options.Validate();
        _options = options;
    }

    public WorldOptions Options => _options;

    /// <summary>Renders image <paramref name="index"/> of the stream <paramref name="seed"/>, of a class drawn uniformly.</summary>
    public RenderedImage Render(int seed, long index)
    {
        var rng = SplitMix.For(seed, index);
        return Render(rng.Next(0, ClassTable.Count), rng);
    }

    /// <summary>Renders image <paramref name="index"/> of the stream <paramref name="seed"/> for a given class.</summary>
    public RenderedImage Render(int seed, long index, int classId)
    {
        if (classId < 0 || classId >= ClassTable.Count)
            throw new ArgumentOutOfRangeException(nameof(classId), $"Class id must lie in 0..{ClassTable.Count - 1}.");
        // Each class has its own stream, so that image i of two classes does not share a layout.
        return Render(classId, SplitMix.For(unchecked(seed * 31 + 7919 * (classId + 1)), index));
    }

    RenderedImage Render(int classId, SplitMix rng)
    {
        var size = _options.ImageSize;
        var concept = ClassTable.All[classId];
        var background = PickBackground(classId, rng);
        var pixels = PaintBackground(background, rng);

        var side = rng.Next(size / 3, size / 2 + 1);
        int left = rng.Next(0, size - side + 1), top = rng.Next(0, size - side + 1);
        var objectMask = ShapeRaster.Cover(concept.Shape, size, left, top, side);
        var markingMask = ShapeRaster.Marking(concept.Marking, size, left, top, side);

        var distractors = PlaceDistractors(objectMask, rng);
        foreach (var (mask, colour) in distractors) Paint(pixels, mask, Palette.Rgb(colour));
        Paint(pixels, objectMask, Palette.Rgb(concept.Colour));
        Paint(pixels, markingMask, Palette.MarkingWhite);

        for (var i = 0; i < pixels.Length; i++) pixels[i] = pixels[i] * 2f - 1f;
        return new RenderedImage(size, pixels, classId, background, objectMask, markingMask,
            distractors.Select(d => d.Mask).ToList());
    }

    Background PickBackground(int classId, SplitMix rng)
    {
        var draw = rng.NextDouble();
        var uniform = (Background)rng.Next(0, 4);
        return classId == _options.ShortcutClass && draw < _options.ShortcutRate ? _options.ShortcutBackground : uniform;
    }

    float[] PaintBackground(Background background, SplitMix rng)
    {
        var size = _options.ImageSize;
        var pixels = new float[3 * size * size];
        var rgb = Palette.Rgb(background);
        var angle = rng.Uniform(0, 2 * Math.PI);
        var amplitude = rng.Uniform(0.3, 1.0) * GradientAmplitude;
        double gx = Math.Cos(angle) * amplitude, gy = Math.Sin(angle) * amplitude;
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var shade = gx * ((x + 0.5) / size - 0.5) * 2 + gy * ((y + 0.5) / size - 0.5) * 2;
            for (var c = 0; c < 3; c++)
            {
                var noise = rng.Uniform(-NoiseAmplitude, NoiseAmplitude);
                pixels[(c * size + y) * size + x] = (float)Math.Clamp(rgb[c] + shade + noise, 0, 1);
            }
        }
        return pixels;
    }

    List<(bool[] Mask, Colour Colour)> PlaceDistractors(bool[] objectMask, SplitMix rng)
    {
        var size = _options.ImageSize;
        var distractors = new List<(bool[], Colour)>();
        var occupied = (bool[])objectMask.Clone();
        var wanted = rng.Next(0, 3);
        for (var attempt = 0; attempt < 12 && distractors.Count < wanted; attempt++)
        {
            var (shape, colour) = ClassTable.DistractorKinds[rng.Next(0, ClassTable.DistractorKinds.Count)];
            var side = rng.Next(size / 6, (int)(size / 4.5) + 1);
            int left = rng.Next(0, size - side + 1), top = rng.Next(0, size - side + 1);
            var mask = ShapeRaster.Cover(shape, size, left, top, side);
            if (Touches(mask, occupied, size)) continue;
            for (var i = 0; i < mask.Length; i++) occupied[i] |= mask[i];
            distractors.Add((mask, colour));
        }
        return distractors;
    }

    /// <summary>True when the mask overlaps or is 4-adjacent to an occupied pixel, so shapes never merge.</summary>
    static bool Touches(bool[] mask, bool[] occupied, int size)
    {
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            if (!mask[y * size + x]) continue;
            for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++)
            {
                int ny = y + dy, nx = x + dx;
                if (ny >= 0 && ny < size && nx >= 0 && nx < size && occupied[ny * size + nx]) return true;
            }
        }
        return false;
    }

    void Paint(float[] pixels, bool[] mask, float[] rgb)
    {
        var plane = _options.ImageSize * _options.ImageSize;
        for (var i = 0; i < plane; i++)
        {
            if (!mask[i]) continue;
            for (var c = 0; c < 3; c++) pixels[c * plane + i] = rgb[c];
        }
    }
}
