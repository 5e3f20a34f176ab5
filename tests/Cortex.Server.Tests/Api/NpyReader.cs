using System.Text;
using System.Text.RegularExpressions;

namespace Cortex.Server.Tests.Api;

/// <summary>Reads NumPy .npy files back (format 1.0, little-endian float32 or int64), independently of the writer.</summary>
public static partial class NpyReader
{
    public static (string Dtype, long[] Shape, byte[] Data) Read(byte[] file)
    {
        Assert.Equal(0x93, file[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(file, 1, 5));
        var headerLength = BitConverter.ToUInt16(file, 8);
        var header = Encoding.ASCII.GetString(file, 10, headerLength);
        Assert.Equal(0, (10 + headerLength) % 64);
        var dtype = DescrPattern().Match(header).Groups[1].Value;
        var shape = ShapePattern().Match(header).Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        return (dtype, shape, file[(10 + headerLength)..]);
    }

    public static float[] Floats(byte[] data) => Enumerable.Range(0, data.Length / 4).Select(i => BitConverter.ToSingle(data, i * 4)).ToArray();

    public static long[] Longs(byte[] data) => Enumerable.Range(0, data.Length / 8).Select(i => BitConverter.ToInt64(data, i * 8)).ToArray();

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
