using Cortex.Compute.World;

namespace Cortex.Compute.Evaluation;

/// <summary>
/// Which grid cells of a built-in-world image show its concept's object. Generated images carry no
/// ground truth, but the world paints each class in one known colour (its marking white) over one of
/// four light backgrounds: a pixel is the object's when the nearest palette colour is the class's own,
/// the object is the largest 8-connected blob of such pixels (a distractor of the same colour is
/// smaller and never touches it), and a cell is the object's when the blob covers most of its patch.
/// </summary>
public static class ObjectCells
{
    /// <param name="images">[B, 3, S, S] in [-1, 1]</param>
    /// <param name="classes">each image's class</param>
    /// <returns>[B][H·W] whether each cell shows the object</returns>
    public static IReadOnlyList<bool[]> Read(Tensor images, IReadOnlyList<ConceptClass> classes, int gridSize)
    {
        var size = (int)images.shape[^1];
        if (images.shape[0] != classes.Count) throw new ArgumentException($"{images.shape[0]} images but {classes.Count} classes.");
        var pixels = images.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        var plane = size * size;
        return classes.Select((concept, n) =>
        {
            var own = new bool[plane];
            for (var i = 0; i < plane; i++)
            {
                Span<float> rgb = [Unit(pixels[(n * 3) * plane + i]), Unit(pixels[(n * 3 + 1) * plane + i]), Unit(pixels[(n * 3 + 2) * plane + i])];
                own[i] = IsOwn(rgb, concept);
            }
            return FromPixels(LargestBlob(own, size), gridSize, size);
        }).ToList();
    }

    /// <summary>The cells [H·W] of which at least half the patch's pixels lie in a row-major S×S mask.</summary>
    public static bool[] FromPixels(bool[] pixelMask, int gridSize, int imageSize)
    {
        var patch = imageSize / gridSize;
        var cells = new bool[gridSize * gridSize];
        for (var p = 0; p < cells.Length; p++)
        {
            int top = p / gridSize * patch, left = p % gridSize * patch, inside = 0;
            for (var y = top; y < top + patch; y++)
            for (var x = left; x < left + patch; x++)
                if (pixelMask[y * imageSize + x]) inside++;
            cells[p] = 2 * inside >= patch * patch;
        }
        return cells;
    }

    /// <summary>Of the cells read, the share that are true object cells (precision), and of the true ones, the share read (recall).</summary>
    public static (double Precision, double Recall) Agreement(IReadOnlyList<bool[]> read, IReadOnlyList<bool[]> truth)
    {
        if (read.Count != truth.Count) throw new ArgumentException($"{read.Count} read masks but {truth.Count} true ones.");
        var pairs = read.Zip(truth).SelectMany(p => p.First.Zip(p.Second)).ToList();
        var both = pairs.Count(p => p.First && p.Second);
        return (both / (double)Math.Max(1, pairs.Count(p => p.First)), both / (double)Math.Max(1, pairs.Count(p => p.Second)));
    }

    static float Unit(float value) => (value + 1f) / 2f;

    /// <summary>Whether the nearest colour the world paints is the class's own (or its marking's white).</summary>
    static bool IsOwn(ReadOnlySpan<float> rgb, ConceptClass concept)
    {
        var (best, distance) = (Painted[0], double.MaxValue);
        foreach (var candidate in Painted)
        {
            var d = 0.0;
            for (var c = 0; c < 3; c++) d += (rgb[c] - candidate.Rgb[c]) * (rgb[c] - candidate.Rgb[c]);
            if (d < distance) (best, distance) = (candidate, d);
        }
        return best.Colour == concept.Colour || concept.Marking != Marking.None && best.IsMarking;
    }

    /// <summary>Every colour the world paints: objects', backgrounds' (no object colour) and the marking's white.</summary>
    static readonly IReadOnlyList<(float[] Rgb, Colour? Colour, bool IsMarking)> Painted =
    [
        .. Enum.GetValues<Colour>().Select(c => (Palette.Rgb(c), (Colour?)c, false)),
        .. Enum.GetValues<Background>().Select(b => (Palette.Rgb(b), (Colour?)null, false)),
        (Palette.MarkingWhite, null, true),
    ];

    static bool[] LargestBlob(bool[] mask, int size)
    {
        var label = new int[mask.Length];
        var (bestLabel, bestSize, next) = (0, 0, 0);
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || label[start] != 0) continue;
            label[start] = ++next;
            stack.Push(start);
            var count = 0;
            while (stack.TryPop(out var i))
            {
                count++;
                for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    int y = i / size + dy, x = i % size + dx;
                    if (y < 0 || y >= size || x < 0 || x >= size || !mask[y * size + x] || label[y * size + x] != 0) continue;
                    label[y * size + x] = next;
                    stack.Push(y * size + x);
                }
            }
            if (count > bestSize) (bestLabel, bestSize) = (next, count);
        }
        return label.Select(l => l != 0 && l == bestLabel).ToArray();
    }
}
