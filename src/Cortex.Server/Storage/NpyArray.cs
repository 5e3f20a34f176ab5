using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Cortex.Server.Storage;

/// <summary>A NumPy .npy array as Cortex writes them (format 1.0, C order, little-endian float32 or int64), read back for the dashboard.</summary>
public sealed partial class NpyArray
{
    NpyArray(string dtype, long[] shape, ReadOnlyMemory<byte> data) => (Dtype, Shape, _data) = (dtype, shape, data);

    readonly ReadOnlyMemory<byte> _data;

    public string Dtype { get; }
    public long[] Shape { get; }

    public static NpyArray Read(byte[] file)
    {
        if (file.Length < 10 || file[0] != 0x93 || Encoding.ASCII.GetString(file, 1, 5) != "NUMPY" || file[6] != 1)
            throw new InvalidDataException("Not a NumPy .npy file of format 1.0.");
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        var header = Encoding.ASCII.GetString(file, 10, Math.Min(headerLength, file.Length - 10));
        var dtype = Descr().Match(header) is { Success: true } d ? d.Groups[1].Value : throw new InvalidDataException("The .npy header names no dtype.");
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException("Fortran-ordered .npy arrays are not supported.");
        var shape = ShapeOf().Match(header).Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        var array = new NpyArray(dtype, shape, file.AsMemory(10 + headerLength));
        var expected = shape.Aggregate(1L, (a, b) => a * b) * (dtype is "<f4" ? 4 : 8);
        if (array._data.Length != expected) throw new InvalidDataException($"The .npy data holds {array._data.Length} bytes; its header says {expected}.");
        return array;
    }

    public float[] Float32()
    {
        Expect("<f4");
        var values = new float[_data.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(_data.Span[(i * 4)..]);
        return values;
    }

    public long[] Int64()
    {
        Expect("<i8");
        var values = new long[_data.Length / 8];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(_data.Span[(i * 8)..]);
        return values;
    }

    void Expect(string dtype)
    {
        if (Dtype != dtype) throw new InvalidDataException($"The array holds {Dtype}, not {dtype}.");
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapeOf();
}
