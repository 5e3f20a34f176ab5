using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cortex.Compute.Tests.Imaging;

/// <summary>
/// Hostile image files, made on the spot, each with what the importer must answer: the words its
/// refusal must contain, or null where the file must be accepted. The importer's tests and the upload
/// API's share them.
/// </summary>
public static class HostileImages
{
    public sealed record Case(string Name, byte[] Bytes, string? Refusal)
    {
        public override string ToString() => Name;
    }

    const string NotAnImage = "is not a PNG or JPEG image.";
    const string CutPng = "is not a complete PNG image (it ends early).", CutJpeg = "is not a complete JPEG image (it ends early).";

    /// <summary>The inflated size of the bombs: enough to notice (the text bomb held 1.5 GB per 200 MB before PNG metadata was skipped), quick to make.</summary>
    const long BombBytes = 64L << 20;

    public static IReadOnlyList<Case> All { get; } = Make();

    static List<Case> Make()
    {
        var png = Png(40, 30);
        var jpeg = Jpeg(40, 30);
        return
        [
            new("empty.png", [], NotAnImage),
            new("notes.png", "these are my notes, not a picture\n"u8.ToArray(), NotAnImage),
            new("logo.svg", """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"""u8.ToArray(), NotAnImage),
            new("anim.gif", Save(40, 30, (image, stream) => image.SaveAsGif(stream)), NotAnImage),
            new("scan.bmp", Save(40, 30, (image, stream) => image.SaveAsBmp(stream)), NotAnImage),
            new("photo.webp", Save(40, 30, (image, stream) => image.SaveAsWebp(stream)), NotAnImage),
            // The content decides, not the name.
            new("png-named.jpg", png, null),
            new("jpeg-named.png", jpeg, null),
            new("cut.png", png[..(png.Length / 2)], CutPng),
            new("cut.jpg", jpeg[..^16], CutJpeg),
            // Cut within their headers, these tripped the decoders up inside (an IndexOutOfRangeException, a NullReferenceException).
            new("cut-header.png", png[..(PngChunks.Find(png, "IDAT").Start + 4)], CutPng),
            new("cut-header.jpg", jpeg[..Segment(jpeg, 0xC4)], CutJpeg),
            new("cut-frame.jpg", jpeg[..(Segment(jpeg, 0xC0) + 6)], CutJpeg),
            new("signature.png", PngChunks.Signature, CutPng),
            new("cut.gif", Save(40, 30, (image, stream) => image.SaveAsGif(stream))[..40], NotAnImage),
            new("cut.bmp", Save(40, 30, (image, stream) => image.SaveAsBmp(stream))[..40], NotAnImage),
            new("cut.webp", Save(40, 30, (image, stream) => image.SaveAsWebp(stream))[..40], NotAnImage),
            new("no-pixels.png", PngChunks.File(PngChunks.Header(40, 30)), "is corrupt (PNG Image does not contain a data chunk)."),
            new("bad-crc.png", BadCrc(png), "is corrupt (CRC Error. PNG IDAT chunk is corrupt!)."),
            new("depth3.png", PngChunks.File(PngChunks.Header(4, 4, depth: 3), PngChunks.Chunk("IDAT", PngChunks.Zeros(20))),
                "uses a PNG or JPEG variant Cortex cannot decode (Invalid or unsupported bit depth. Was '3')."),
            new("seven-channels.jpg", Frame(jpeg, (frame, at) => frame[at + 9] = 7), "uses a PNG or JPEG variant Cortex cannot decode (Images with 7 components are not supported)."),
            // This JPEG without its frame header's marker throws a NullReferenceException inside ImageSharp 2.1's decoder.
            new("headless.jpg", Frame(Save(24, 20, (image, stream) => image.SaveAsJpeg(stream), black: true), (frame, at) => frame[at] = frame[at + 1] = 0),
                "is damaged: its JPEG data does not hold together, so it cannot be decoded."),
            new("zero-size.jpg", Frame(jpeg, (frame, at) => frame.AsSpan(at + 5, 4).Clear()), "is corrupt (Invalid image dimensions: 0x0)."),
            new("huge-header.png", PngChunks.File(PngChunks.Header(100_000, 100_000)), "is 100000×100000 pixels; at most 8192 on a side and 16.8 million pixels."),
            new("huge-header.jpg", Frame(jpeg, (frame, at) => frame.AsSpan(at + 5, 4).Fill(0xFF)), "is 65535×65535 pixels; at most 8192 on a side and 16.8 million pixels."),
            // A real bomb: 64 KB of zlib that would inflate into a 20000×20000 image, refused from its header before any of it is inflated.
            new("zlib-bomb.png", PngChunks.File(PngChunks.Header(20_000, 20_000), PngChunks.Chunk("IDAT", PngChunks.Zeros(BombBytes))),
                "is 20000×20000 pixels; at most 8192 on a side and 16.8 million pixels."),
            // The same within the limits: 50 KB that inflates to the largest image allowed (50 MB of pixels) is simply a black image.
            new("flat-4096.png", PngChunks.File(PngChunks.Header(4096, 4096), PngChunks.Chunk("IDAT", PngChunks.Zeros(4096L * (1 + 3 * 4096)))), null),
            // Far more pixel data than the header needs: the decoder stops at the last row.
            new("overlong.png", PngChunks.File(PngChunks.Header(64, 64), PngChunks.Chunk("IDAT", PngChunks.Zeros(BombBytes))), null),
            new("text-bomb.png", TextBomb(png), null),
        ];
    }

    /// <summary>A valid PNG carrying a zTXt chunk whose text inflates to <see cref="BombBytes"/>: pixels fine, metadata hostile.</summary>
    public static byte[] TextBomb(byte[] png)
    {
        var header = PngChunks.Find(png, "IHDR");
        var afterHeader = header.Start + 12 + header.Length;
        byte[] text = [.. "Comment"u8, 0, 0, .. PngChunks.Zeros(BombBytes)];
        return [.. png[..afterHeader], .. PngChunks.Chunk("zTXt", text), .. png[afterHeader..]];
    }

    static byte[] BadCrc(byte[] png)
    {
        var (start, length) = PngChunks.Find(png, "IDAT");
        var damaged = (byte[])png.Clone();
        damaged[start + 8 + length] ^= 0xFF;
        return damaged;
    }

    /// <summary>Where the first segment with <paramref name="marker"/> (0xC0 the frame header, 0xC4 a Huffman table) starts in a JPEG.</summary>
    static int Segment(byte[] jpeg, byte marker)
    {
        var at = 2;
        while (jpeg[at + 1] != marker) at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        return at;
    }

    /// <summary>A copy of a baseline JPEG with its frame header (SOF0: marker, length, precision, height, width, components) edited.</summary>
    static byte[] Frame(byte[] jpeg, Action<byte[], int> edit)
    {
        var copy = (byte[])jpeg.Clone();
        edit(copy, Segment(copy, 0xC0));
        return copy;
    }

    static byte[] Png(int width, int height) => Save(width, height, (image, stream) => image.SaveAsPng(stream));

    static byte[] Jpeg(int width, int height) => Save(width, height, (image, stream) => image.SaveAsJpeg(stream));

    /// <summary>A gradient, so that every format has real pixel data to encode, or a black image.</summary>
    static byte[] Save(int width, int height, Action<Image<Rgb24>, Stream> save, bool black = false)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height && !black; y++)
        for (var x = 0; x < width; x++) image[x, y] = new Rgb24((byte)(x * 6), (byte)(y * 8), 128);
        using var stream = new MemoryStream();
        save(image, stream);
        return stream.ToArray();
    }
}
