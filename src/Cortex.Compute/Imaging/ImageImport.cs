using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cortex.Compute.Imaging;

/// <summary>One file's import: the image as CHW floats in [-1, 1], or a sentence naming the file and why it was refused.</summary>
public sealed record ImportedImage(string Name, float[]? Chw, string? Rejection)
{
    public bool Accepted => Chw is not null;
}

/// <summary>
/// Turns untrusted image files into model input: PNG or JPEG only (told by content, not by name),
/// size checked from the header before any pixel is decoded, then the shorter side resized to the
/// model's size S and the centre cropped to S×S.
/// </summary>
public static class ImageImport
{
    public const int MaxBytes = 10 << 20;
    public const int MaxSide = 8192;
    public const long MaxPixels = 4096L * 4096;

    static readonly Configuration Formats = PngAndJpeg();

    public static ImportedImage Read(string name, byte[] bytes, int size)
    {
        if (bytes.Length > MaxBytes) return Refuse(name, $"is {Mebibytes(bytes.Length)}; at most {Mebibytes(MaxBytes)} per file.");
        // Told from the first bytes alone; a cut file is told before any decoder sees it, since each trips up
        // differently on one (IndexOutOfRange inside the PNG decoder, NullReference inside the JPEG one).
        var format = Image.DetectFormat(Formats, bytes);
        if (format is null) return Refuse(name, "is not a PNG or JPEG image.");
        if (Truncation.IsTruncated(bytes, format)) return Refuse(name, $"is not a complete {format.Name} image (it ends early).");
        try
        {
            var info = Image.Identify(Formats, bytes, out _);
            if (info is null) return Refuse(name, "is not a PNG or JPEG image.");
            if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
                return Refuse(name, $"is {info.Width}×{info.Height} pixels; at most {MaxSide} on a side and {MaxPixels / 1_000_000.0:F1} million pixels.");
            using var image = Image.Load<Rgb24>(Formats, bytes);
            // Phones store portraits sideways with an EXIF rotation; crop what the person saw.
            image.Mutate(x => x.AutoOrient());
            var box = CentreCrop.Of(image.Width, image.Height, size);
            // An image already S×S (a stored upload read back) is left untouched, so it gives exactly the pixels that were stored.
            if (box.ResizedWidth != image.Width || box.ResizedHeight != image.Height) image.Mutate(x => x.Resize(box.ResizedWidth, box.ResizedHeight));
            if (box.ResizedWidth != size || box.ResizedHeight != size) image.Mutate(x => x.Crop(new Rectangle(box.X, box.Y, size, size)));
            return new ImportedImage(name, ToChw(image), null);
        }
        catch (ImageFormatException e)
        {
            return Refuse(name, $"is corrupt ({e.Message.TrimEnd('.')}).");
        }
        catch (NotSupportedException e)
        {
            return Refuse(name, $"uses a PNG or JPEG variant Cortex cannot decode ({e.Message.TrimEnd('.')}).");
        }
        // The decoders parse untrusted bytes, and some damage trips them up inside (a NullReferenceException on a few
        // altered JPEGs); whatever the cause, it is this file's refusal, never a failure of the whole upload, and the
        // person is told what is wrong with the file rather than what went wrong in the decoder.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Refuse(name, $"is damaged: its {format.Name} data does not hold together, so it cannot be decoded.");
        }
    }

    /// <summary>
    /// Only these two decoders exist for the importer, so a GIF, BMP, WebP or TIFF is never parsed at all. PNG metadata
    /// is skipped: this decoder inflates zTXt and iTXt chunks without a bound (a 200 KB chunk held 1.5 GB for 21 s),
    /// and only the pixels are kept. JPEG metadata stays, for its EXIF rotation; it is never compressed.
    /// </summary>
    static Configuration PngAndJpeg()
    {
        var configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule());
        configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        return configuration;
    }

    static float[] ToChw(Image<Rgb24> image)
    {
        var plane = image.Width * image.Height;
        var chw = new float[3 * plane];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = y * row.Length + x;
                    chw[i] = row[x].R / 127.5f - 1f;
                    chw[plane + i] = row[x].G / 127.5f - 1f;
                    chw[2 * plane + i] = row[x].B / 127.5f - 1f;
                }
            }
        });
        return chw;
    }

    static ImportedImage Refuse(string name, string reason) => new(name, null, $"{name} {reason}");

    static string Mebibytes(long bytes) => $"{bytes / (1024.0 * 1024):F1} MiB";
}
