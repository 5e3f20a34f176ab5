using System.Text;

namespace Cortex.Compute.Runs;

/// <summary>NumPy .npy (format 1.0) of a little-endian float32 or int64 array, C order.</summary>
public static class NpyWriter
{
    public static byte[] Float32(float[] values, params long[] shape) => Write("<f4", shape, values.Length, w => { foreach (var v in values) w.Write(v); });

    public static byte[] Int64(long[] values, params long[] shape) => Write("<i8", shape, values.Length, w => { foreach (var v in values) w.Write(v); });

    static byte[] Write(string dtype, long[] shape, int count, Action<BinaryWriter> body)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != count) throw new ArgumentException($"Shape [{string.Join(", ", shape)}] does not hold {count} values.");
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to a multiple of 64.
        var padded = header.PadRight((header.Length + 10 + 1 + 63) / 64 * 64 - 10 - 1) + "\n";
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)0x93);
        writer.Write(Encoding.ASCII.GetBytes("NUMPY"));
        writer.Write((byte)1);
        writer.Write((byte)0);
        writer.Write((ushort)padded.Length);
        writer.Write(Encoding.ASCII.GetBytes(padded));
        body(writer);
        writer.Flush();
        return stream.ToArray();
    }
}
