using Cortex.Compute.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Compute.Tests.Imaging;

public sealed class ImageImportTests
{
    const int Size = 16;

    static readonly Rgb24 Red = new(255, 0, 0), Green = new(0, 255, 0), Blue = new(0, 0, 255);

    static Image<Rgb24> Bands(int width, int height, Func<int, int, Rgb24> colour)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++) image[x, y] = colour(x, y);
        return image;
    }

    static byte[] Save(Image<Rgb24> image, Action<Image<Rgb24>, Stream> save)
    {
        using var stream = new MemoryStream();
        save(image, stream);
        image.Dispose();
        return stream.ToArray();
    }

    static byte[] Png(Image<Rgb24> image) => Save(image, (i, s) => i.SaveAsPng(s));

    static (float R, float G, float B) Pixel(float[] chw, int x, int y)
    {
        var plane = Size * Size;
        var i = y * Size + x;
        return (chw[i], chw[plane + i], chw[2 * plane + i]);
    }

    [Theory]
    [InlineData(16, 16, 16, 16, 0, 0)]
    [InlineData(48, 16, 48, 16, 16, 0)]
    [InlineData(200, 100, 32, 16, 8, 0)]
    [InlineData(100, 300, 16, 48, 0, 16)]
    [InlineData(8, 4, 32, 16, 8, 0)]
    [InlineData(101, 33, 49, 16, 16, 0)]
    public void The_shorter_side_becomes_the_model_size_and_the_window_is_centred(int width, int height, int resizedWidth, int resizedHeight, int x, int y) =>
        Assert.Equal(new CentreCrop(resizedWidth, resizedHeight, x, y), CentreCrop.Of(width, height, Size));

    [Fact]
    public void A_wide_png_keeps_its_middle_third()
    {
        // Red | green | blue thirds of a 3S×S image: the centred S×S window is all green.
        var png = Png(Bands(3 * Size, Size, (x, _) => x < Size ? Red : x < 2 * Size ? Green : Blue));

        var imported = ImageImport.Read("wide.png", png, Size);

        Assert.True(imported.Accepted, imported.Rejection);
        Assert.Equal(3 * Size * Size, imported.Chw!.Length);
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++) Assert.Equal((-1f, 1f, -1f), Pixel(imported.Chw, x, y));
    }

    [Fact]
    public void A_tall_jpeg_is_shrunk_and_cropped_to_its_centre()
    {
        // 4S×12S, shrunk to S×3S; green covers rows 0.75S..2.25S of that, so the centred window S..2S is green with room to spare.
        var jpeg = Save(Bands(4 * Size, 12 * Size, (_, y) => y < 3 * Size ? Red : y < 9 * Size ? Green : Blue), (i, s) => i.SaveAsJpeg(s));

        var imported = ImageImport.Read("tall.jpg", jpeg, Size);

        Assert.True(imported.Accepted, imported.Rejection);
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var (r, g, b) = Pixel(imported.Chw!, x, y);
            Assert.True(r < -0.9f && g > 0.9f && b < -0.9f, $"({x}, {y}) is ({r}, {g}, {b}), not green");
        }
    }

    [Fact]
    public void An_image_already_at_the_model_size_reads_back_exactly()
    {
        var image = Bands(Size, Size, (x, y) => new Rgb24((byte)(x * 16), (byte)(y * 16), (byte)(x * y)));
        var expected = Enumerable.Range(0, Size * Size).Select(i => image[i % Size, i / Size]).ToList();

        var imported = ImageImport.Read("exact.png", Png(image), Size);

        Assert.True(imported.Accepted, imported.Rejection);
        for (var i = 0; i < Size * Size; i++)
            Assert.Equal((expected[i].R / 127.5f - 1, expected[i].G / 127.5f - 1, expected[i].B / 127.5f - 1), Pixel(imported.Chw!, i % Size, i / Size));
    }

    [Fact]
    public void Gif_and_bmp_are_refused_by_their_content_whatever_their_name()
    {
        var gif = ImageImport.Read("cat.png", Save(Bands(Size, Size, (_, _) => Red), (i, s) => i.SaveAsGif(s)), Size);
        var bmp = ImageImport.Read("dog.jpg", Save(Bands(Size, Size, (_, _) => Red), (i, s) => i.SaveAsBmp(s)), Size);

        Assert.Equal("cat.png is not a PNG or JPEG image.", gif.Rejection);
        Assert.Equal("dog.jpg is not a PNG or JPEG image.", bmp.Rejection);
        Assert.Null(gif.Chw);
    }

    static Image<Rgb24> Noise(int seed)
    {
        var noise = new Random(seed);
        return Bands(256, 256, (_, _) => new Rgb24((byte)noise.Next(256), (byte)noise.Next(256), (byte)noise.Next(256)));
    }

    [Fact]
    public void A_truncated_png_is_refused()
    {
        var png = Png(Noise(3));

        var imported = ImageImport.Read("cut.png", png[..(png.Length / 2)], Size);

        Assert.False(imported.Accepted);
        Assert.Equal("cut.png is not a complete PNG image (it ends early).", imported.Rejection);
    }

    [Fact]
    public void A_truncated_jpeg_is_refused()
    {
        var jpeg = Save(Noise(4), (i, s) => i.SaveAsJpeg(s));

        Assert.Equal("cut.jpg is not a complete JPEG image (it ends early).", ImageImport.Read("cut.jpg", jpeg[..(jpeg.Length * 2 / 3)], Size).Rejection);
        Assert.True(ImageImport.Read("whole.jpg", jpeg, Size).Accepted);
    }

    [Fact]
    public void A_png_with_damaged_pixel_data_is_refused_as_corrupt()
    {
        var png = Png(Noise(5));
        var data = png.AsSpan().IndexOf("IDAT"u8) + 100;
        for (var i = data; i < data + 16; i++) png[i] ^= 0x5A;

        var imported = ImageImport.Read("damaged.png", png, Size);

        Assert.False(imported.Accepted);
        Assert.StartsWith("damaged.png is corrupt (", imported.Rejection);
    }

    [Fact]
    public void Random_bytes_are_not_an_image()
    {
        var bytes = new byte[1000];
        new Random(5).NextBytes(bytes);

        Assert.Equal("junk.png is not a PNG or JPEG image.", ImageImport.Read("junk.png", bytes, Size).Rejection);
    }

    [Fact]
    public void A_header_claiming_huge_dimensions_is_refused_before_decoding()
    {
        var bomb = PngHeader(100_000, 100_000);

        var imported = ImageImport.Read("bomb.png", bomb, Size);

        Assert.Equal("bomb.png is 100000×100000 pixels; at most 8192 on a side and 16.8 million pixels.", imported.Rejection);
    }

    [Fact]
    public void A_header_within_each_side_but_over_the_pixel_cap_is_refused()
    {
        Assert.StartsWith("long.png is 8000×4000 pixels;", ImageImport.Read("long.png", PngHeader(8000, 4000), Size).Rejection);
    }

    [Fact]
    public void Files_over_the_byte_cap_are_refused_unread()
    {
        var bytes = new byte[ImageImport.MaxBytes + 1];

        Assert.Equal("big.png is 10.0 MiB; at most 10.0 MiB per file.", ImageImport.Read("big.png", bytes, Size).Rejection);
    }

    /// <summary>A PNG of only a signature, an IHDR claiming the dimensions (8-bit RGB) and IEND: no pixel data at all.</summary>
    static byte[] PngHeader(int width, int height) => PngChunks.File(PngChunks.Header(width, height));
}
