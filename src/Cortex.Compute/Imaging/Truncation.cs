using System.Buffers.Binary;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;

namespace Cortex.Compute.Imaging;

/// <summary>
/// Whether a PNG or JPEG file stops before its end marker. ImageSharp decodes a cut-off file without
/// complaint (the missing rows come out blank), so an interrupted upload would pass as an image; cut
/// within its headers, it trips the decoders up inside instead.
/// </summary>
public static class Truncation
{
    const int PngSignatureLength = 8;
    const byte Marker = 0xFF, StartOfScan = 0xDA, EndOfImage = 0xD9;

    public static bool IsTruncated(ReadOnlySpan<byte> bytes, IImageFormat format) =>
        format is PngFormat ? !PngReachesEnd(bytes) : !JpegReachesEnd(bytes);

    /// <summary>Walks the chunks (length, type, data, CRC) until IEND.</summary>
    static bool PngReachesEnd(ReadOnlySpan<byte> bytes)
    {
        var position = (long)PngSignatureLength;
        while (position + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)position..]);
            var type = bytes.Slice((int)position + 4, 4);
            position += 12L + length;
            if (position > bytes.Length) return false;
            if (type.SequenceEqual("IEND"u8)) return true;
        }
        return false;
    }

    /// <summary>
    /// Skips the segments before the first scan by their lengths (an EXIF thumbnail inside them has its
    /// own end marker), then looks for the end-of-image marker, which entropy-coded data cannot contain.
    /// Where a marker should start and none does, the file is damaged rather than cut: the decoder says so.
    /// </summary>
    static bool JpegReachesEnd(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != Marker) return true;
            var marker = bytes[position + 1];
            if (marker == Marker)
            {
                position++;
                continue;
            }
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                position += 2;
                continue;
            }
            var segment = 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
            if (marker == StartOfScan) return position + segment <= bytes.Length && bytes[(position + segment)..].IndexOf([Marker, EndOfImage]) >= 0;
            position += segment;
        }
        return false;
    }
}
