namespace Cortex.Compute.World;

/// <summary>Which pixels a shape covers: a pixel belongs to a shape when its centre lies inside it.</summary>
public static class ShapeRaster
{
    /// <param name="left">Left edge of the shape's bounding square.</param>
    /// <param name="top">Top edge of the shape's bounding square.</param>
    /// <param name="side">Side of the bounding square in pixels.</param>
    public static bool[] Cover(Shape shape, int canvas, int left, int top, int side)
    {
        var mask = new bool[canvas * canvas];
        double half = side / 2.0, cx = left + half, cy = top + half;
        for (var y = top; y < top + side; y++)
        for (var x = left; x < left + side; x++)
        {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            mask[y * canvas + x] = shape switch
            {
                Shape.Circle => dx * dx + dy * dy <= half * half,
                Shape.Square => true,
                // Apex at the top centre, base along the bottom edge.
                Shape.Triangle => Math.Abs(dx) <= (dy + half) / 2.0,
                Shape.Cross => Math.Abs(dx) <= side / 6.0 || Math.Abs(dy) <= side / 6.0,
                _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
            };
        }
        return mask;
    }

    /// <summary>A white marking centred on an object: a small dot or a horizontal bar.</summary>
    public static bool[] Marking(Marking marking, int canvas, int left, int top, int side)
    {
        var mask = new bool[canvas * canvas];
        double cx = left + side / 2.0, cy = top + side / 2.0;
        // Sizes scale with the object so that the marking spans about one token cell.
        double dotRadius = side * 0.16, barHalfWidth = side * 0.28, barHalfHeight = side * 0.08;
        for (var y = top; y < top + side; y++)
        for (var x = left; x < left + side; x++)
        {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            mask[y * canvas + x] = marking switch
            {
                World.Marking.Dot => dx * dx + dy * dy <= dotRadius * dotRadius + 0.5,
                World.Marking.Bar => Math.Abs(dx) <= barHalfWidth && Math.Abs(dy) <= Math.Max(barHalfHeight, 1.0),
                _ => false,
            };
        }
        return mask;
    }
}
