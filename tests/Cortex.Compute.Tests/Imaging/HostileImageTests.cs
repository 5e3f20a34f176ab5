using System.Text.RegularExpressions;
using Cortex.Compute.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Compute.Tests.Imaging;

/// <summary>
/// The importer against hostile files: every one is accepted or refused with a sentence naming the file and the problem
/// in words (never the name of an exception a decoder threw), and none throws.
/// </summary>
public sealed partial class HostileImageTests
{
    const int Size = 32;

    public static TheoryData<HostileImages.Case> Cases => [.. HostileImages.All];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_hostile_file_gets_its_answer(HostileImages.Case file)
    {
        var imported = ImageImport.Read(file.Name, file.Bytes, Size);

        if (file.Refusal is null) Assert.True(imported.Accepted, imported.Rejection);
        else
        {
            Assert.False(imported.Accepted);
            Assert.StartsWith($"{file.Name} {file.Refusal}", imported.Rejection);
            Assert.DoesNotMatch(ExceptionName(), imported.Rejection);
        }
    }

    [Fact]
    public void A_compressed_text_chunk_is_never_inflated()
    {
        var bomb = HostileImages.TextBomb(Png(16, 16));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var imported = ImageImport.Read("text-bomb.png", bomb, Size);

        // The chunk's 64 MiB of text would be inflated (and copied) in full; the image itself needs a few KiB.
        Assert.True(imported.Accepted, imported.Rejection);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 8 << 20);
    }

    [Fact]
    public void Damaged_copies_of_a_png_and_a_jpeg_are_accepted_or_refused_but_never_throw()
    {
        foreach (var (name, original) in new[] { ("fuzz.png", Png(24, 20)), ("fuzz.jpg", Jpeg(24, 20)) })
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var damaged = (byte[])original.Clone();
            for (var k = random.Next(1, 6); k > 0; k--) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);

            var imported = ImageImport.Read(name, damaged, Size);

            Assert.True(imported.Accepted || imported.Rejection!.StartsWith($"{name} "), $"seed {seed}: {imported.Rejection}");
            Assert.DoesNotMatch(ExceptionName(), imported.Rejection ?? "");
        }
    }

    [Fact]
    public void A_file_cut_anywhere_is_refused_as_incomplete()
    {
        using var noise = Noise(24, 20);
        foreach (var (name, format, original) in new[] { ("cut.png", "PNG", Png(24, 20)), ("cut.jpg", "JPEG", Jpeg(24, 20)), ("cut-photo.jpg", "JPEG", Save(noise, (i, stream) => i.SaveAsJpeg(stream))) })
        // Shorter than the few bytes that tell its format, a file is no image of any kind.
        for (var length = 16; length < original.Length; length++)
        {
            var imported = ImageImport.Read(name, original[..length], Size);

            Assert.True(imported.Rejection == $"{name} is not a complete {format} image (it ends early).", $"cut at {length} of {original.Length} bytes: {imported.Rejection}");
        }
    }

    static byte[] Png(int width, int height)
    {
        var random = new Random(7);
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++) image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        return Save(image, (i, stream) => i.SaveAsPng(stream));
    }

    /// <summary>A black JPEG: its scan is short, so most damage lands in the headers, where ImageSharp's decoder is most fragile.</summary>
    static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        return Save(image, (i, stream) => i.SaveAsJpeg(stream));
    }

    static Image<Rgb24> Noise(int width, int height)
    {
        var random = new Random(11);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++) image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        return image;
    }

    [GeneratedRegex(@"\w*Exception\b")]
    private static partial Regex ExceptionName();

    static byte[] Save(Image<Rgb24> image, Action<Image<Rgb24>, Stream> save)
    {
        using var stream = new MemoryStream();
        save(image, stream);
        return stream.ToArray();
    }
}
