using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Cortex.Compute.Tests.Imaging;

/// <summary>PNG files written chunk by chunk, with whatever a hostile file claims in them.</summary>
public static class PngChunks
{
    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>A signature, the chunks given, and IEND.</summary>
    public static byte[] File(params byte[][] chunks) => [.. Signature, .. chunks.SelectMany(c => c), .. Chunk("IEND", [])];

    /// <summary>The header: width, height, bit depth and colour type (2: RGB), neither compressed nor interlaced.</summary>
    public static byte[] Header(int width, int height, byte depth = 8, byte colourType = 2)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = depth;
        header[9] = colourType;
        return Chunk("IHDR", header);
    }

    public static byte[] Chunk(string type, byte[] data)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var chunk = new byte[4 + typed.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + typed.Length), Crc32(typed));
        return chunk;
    }

    /// <summary>A zlib stream of <paramref name="count"/> zero bytes: about a thousandth of that in size, the shape of a decompression bomb.</summary>
    public static byte[] Zeros(long count)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (var left = count; left > 0; left -= block.Length) zlib.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return output.ToArray();
    }

    /// <summary>The file's chunk of this type: where its length field starts and how long its data is.</summary>
    public static (int Start, int Length) Find(byte[] png, string type)
    {
        for (var start = Signature.Length; start + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(start));
            if (Encoding.ASCII.GetString(png, start + 4, 4) == type) return (start, length);
            start += 12 + length;
        }
        throw new ArgumentException($"The PNG holds no {type} chunk.", nameof(type));
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
