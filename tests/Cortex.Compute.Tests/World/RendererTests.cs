using Cortex.Compute.World;

namespace Cortex.Compute.Tests.World;

public sealed class RendererTests
{
    readonly Renderer _renderer = new(new WorldOptions());

    [Fact]
    public void Same_seed_and_index_render_identical_images()
    {
        var first = _renderer.Render(seed: 5, index: 17);
        var again = new Renderer(new WorldOptions()).Render(seed: 5, index: 17);
        Assert.Equal(first.Pixels, again.Pixels);
        Assert.Equal(first.ClassId, again.ClassId);
        Assert.Equal(first.ObjectMask, again.ObjectMask);
    }

    [Fact]
    public void Different_indices_and_seeds_render_different_images()
    {
        Assert.NotEqual(_renderer.Render(5, 17).Pixels, _renderer.Render(5, 18).Pixels);
        Assert.NotEqual(_renderer.Render(5, 17).Pixels, _renderer.Render(6, 17).Pixels);
    }

    [Fact]
    public void Same_index_of_two_classes_does_not_share_a_layout()
    {
        var red = _renderer.Render(3, 0, classId: 0);
        var blue = _renderer.Render(3, 0, classId: 1);
        Assert.NotEqual(red.ObjectMask, blue.ObjectMask);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(48)]
    [InlineData(64)]
    public void Masks_cover_exactly_the_pixels_drawn_in_each_colour(int size)
    {
        var renderer = new Renderer(new WorldOptions { ImageSize = size });
        for (var index = 0; index < 200; index++)
        {
            var image = renderer.Render(11, index);
            var concept = ClassTable.All[image.ClassId];
            var objectRgb = Palette.Rgb(concept.Colour);
            var plane = size * size;
            for (var i = 0; i < plane; i++)
            {
                var pixel = Pixel(image, i);
                var inDistractor = image.DistractorMasks.Any(m => m[i]);
                Assert.False(image.ObjectMask[i] && inDistractor, "a distractor overlaps the object");
                if (image.MarkingMask[i])
                {
                    Assert.True(image.ObjectMask[i], "the marking lies outside the object");
                    AssertColour(Palette.MarkingWhite, pixel);
                }
                else if (image.ObjectMask[i])
                    AssertColour(objectRgb, pixel);
                else if (!inDistractor)
                    Assert.True(IsBackground(pixel, image.Background), $"pixel {i} of image {index} is neither drawn nor background");
            }
        }
    }

    [Fact]
    public void Distractors_never_match_a_class_definition()
    {
        foreach (var (shape, colour) in ClassTable.DistractorKinds)
            Assert.DoesNotContain(ClassTable.All, c => c.Shape == shape && c.Colour == colour);
        Assert.NotEmpty(ClassTable.DistractorKinds);
    }

    [Fact]
    public void Fine_grained_pairs_differ_only_by_their_marking()
    {
        var marked = ClassTable.All.Where(c => c.Marking != Marking.None).ToList();
        Assert.True(marked.Count >= 4);
        foreach (var concept in marked)
        {
            var neighbour = ClassTable.All[concept.FineGrainedNeighbour!.Value];
            Assert.Equal((concept.Shape, concept.Colour), (neighbour.Shape, neighbour.Colour));
            Assert.NotEqual(concept.Marking, neighbour.Marking);
        }
    }

    [Fact]
    public void Shortcut_class_sits_on_its_background_at_the_planted_rate_and_others_are_uniform()
    {
        const int n = 3000;
        var options = new WorldOptions();
        var shortcut = Enumerable.Range(0, n).Count(i => _renderer.Render(2, i, options.ShortcutClass).Background == options.ShortcutBackground) / (double)n;
        Assert.InRange(shortcut, 0.87, 0.93);

        var other = Enumerable.Range(0, n).Select(i => _renderer.Render(2, i, classId: 3).Background).ToList();
        foreach (var background in Enum.GetValues<Background>())
            Assert.InRange(other.Count(b => b == background) / (double)n, 0.21, 0.29);

        var unbiased = new Renderer(options.Unbiased);
        var rate = Enumerable.Range(0, n).Count(i => unbiased.Render(2, i, options.ShortcutClass).Background == options.ShortcutBackground) / (double)n;
        Assert.InRange(rate, 0.21, 0.29);
    }

    [Fact]
    public void Objects_are_a_third_to_a_half_of_the_canvas_and_fully_inside()
    {
        for (var index = 0; index < 300; index++)
        {
            var image = _renderer.Render(4, index);
            var rows = Enumerable.Range(0, 32).Where(y => Enumerable.Range(0, 32).Any(x => image.ObjectMask[y * 32 + x])).ToList();
            var columns = Enumerable.Range(0, 32).Where(x => Enumerable.Range(0, 32).Any(y => image.ObjectMask[y * 32 + x])).ToList();
            var extent = Math.Max(rows.Max() - rows.Min() + 1, columns.Max() - columns.Min() + 1);
            Assert.InRange(extent, 32 / 3 - 1, 32 / 2);
        }
    }

    [Fact]
    public void Bad_options_are_refused_with_the_field_named()
    {
        Assert.Contains("ImageSize", Assert.Throws<ArgumentException>(() => new Renderer(new WorldOptions { ImageSize = 40 })).Message);
        Assert.Contains("ShortcutRate", Assert.Throws<ArgumentException>(() => new Renderer(new WorldOptions { ShortcutRate = double.NaN })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => _renderer.Render(1, 0, classId: 12));
        Assert.Contains("Unknown class", Assert.Throws<ArgumentException>(() => ClassTable.ByName("pink hexagon")).Message);
    }

    static float[] Pixel(RenderedImage image, int i)
    {
        var plane = image.Size * image.Size;
        return [(image.Pixels[i] + 1) / 2, (image.Pixels[plane + i] + 1) / 2, (image.Pixels[2 * plane + i] + 1) / 2];
    }

    static void AssertColour(float[] expected, float[] actual)
    {
        for (var c = 0; c < 3; c++) Assert.Equal(expected[c], actual[c], 5);
    }

    /// <summary>Within the gradient and noise amplitude of the background's base colour.</summary>
    static bool IsBackground(float[] pixel, Background background)
    {
        var reference = Palette.Rgb(background);
        return Enumerable.Range(0, 3).All(c => Math.Abs(pixel[c] - reference[c]) <= 0.2f);
    }
}
