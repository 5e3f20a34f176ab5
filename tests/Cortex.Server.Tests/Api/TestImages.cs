using System.Net.Http.Headers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Server.Tests.Api;

/// <summary>Image files made on the spot for upload tests: each seed gives a different picture.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, int seed) => Save(Picture(width, height, seed), (image, stream) => image.SaveAsPng(stream));

    public static byte[] Jpeg(int width, int height, int seed) => Save(Picture(width, height, seed), (image, stream) => image.SaveAsJpeg(stream));

    public static byte[] Gif(int width, int height, int seed) => Save(Picture(width, height, seed), (image, stream) => image.SaveAsGif(stream));

    /// <summary>A multipart/form-data body with one "files" part per file, as a browser sends a multi-file upload.</summary>
    public static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return form;
    }

    public static (int Width, int Height) Size(byte[] image)
    {
        var info = Image.Identify(image);
        return (info.Width, info.Height);
    }

    /// <summary>A colour field split by a diagonal, with noise so that no two seeds encode alike.</summary>
    static Image<Rgb24> Picture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var (a, b) = (Colour(random), Colour(random));
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var c = x * height > y * width ? a : b;
            var n = random.Next(-20, 21);
            image[x, y] = new Rgb24(Clamp(c.R + n), Clamp(c.G + n), Clamp(c.B + n));
        }
        return image;
    }

    static Rgb24 Colour(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));

    static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    static byte[] Save(Image<Rgb24> image, Action<Image<Rgb24>, Stream> save)
    {
        using (image)
        using (var stream = new MemoryStream())
        {
            save(image, stream);
            return stream.ToArray();
        }
    }
}
