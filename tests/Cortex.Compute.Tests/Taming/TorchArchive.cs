using System.IO.Compression;
using System.Text;

namespace Cortex.Compute.Tests.Taming;

/// <summary>
/// Hand-written torch.save archives: <c>archive/data.pkl</c> (protocol-2 pickle opcodes, as torch.save
/// writes them), <c>archive/version</c>, <c>archive/byteorder</c> and one <c>archive/data/KEY</c> file
/// per storage. No Python runs on CI, so hostile checkpoints are built here byte by byte.
/// </summary>
public static class TorchArchive
{
    public static void Write(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        Add(zip, "archive/data.pkl", pickle);
        Add(zip, "archive/byteorder", "little"u8.ToArray());
        foreach (var (key, bytes) in storages ?? new Dictionary<string, byte[]>()) Add(zip, $"archive/data/{key}", bytes);
        Add(zip, "archive/version", "3\n"u8.ToArray());
    }

    /// <summary>A copy of a torch.save archive with its data.pkl edited, every other entry as it was.</summary>
    public static void Rewrite(string source, string path, Func<byte[], byte[]> editPickle)
    {
        using var original = ZipFile.OpenRead(source);
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var entry in original.Entries)
        {
            using var stream = new MemoryStream();
            using (var input = entry.Open()) input.CopyTo(stream);
            Add(zip, entry.FullName, entry.Name == "data.pkl" ? editPickle(stream.ToArray()) : stream.ToArray());
        }
    }

    static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(bytes);
    }

    /// <summary><c>{"state_dict": module.name(argument)}</c>: what a booby-trapped checkpoint's data.pkl does.</summary>
    public static byte[] CallingPickle(string module, string name, string argument) =>
        new Pickle().EmptyDict().Str("state_dict").Global(module, name).Str(argument).Tuple1().Reduce().SetItem().Stop();

    /// <summary>
    /// <c>{"state_dict": {key: tensor}}</c> with one float tensor over storage "0" of <paramref name="storageElements"/> elements,
    /// built as torch.save does: <c>torch._utils._rebuild_tensor_v2(persistent storage, 0, shape, stride, False, OrderedDict())</c>.
    /// </summary>
    public static byte[] TensorPickle(string key, long[] shape, long storageElements)
    {
        var stride = new long[shape.Length];
        var elements = 1L;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            stride[i] = elements;
            elements *= shape[i];
        }
        var pickle = new Pickle().EmptyDict().Str("state_dict").EmptyDict().Str(key)
            .Global("torch._utils", "_rebuild_tensor_v2").Mark()
            .Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(storageElements).Tuple().PersistentId()
            .Int(0).Mark();
        foreach (var size in shape) pickle.Int(size);
        pickle.Tuple().Mark();
        foreach (var step in stride) pickle.Int(step);
        return pickle.Tuple().False().Global("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce()
            .SetItem().SetItem().Stop();
    }

    /// <summary>The protocol-2 opcodes these archives need (see Python's pickletools for their definitions).</summary>
    public sealed class Pickle
    {
        readonly MemoryStream _bytes = new();

        public Pickle() => Op(0x80, 2);

        public Pickle Global(string module, string name) => Op('c', Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

        public Pickle Str(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            return Op('X', BitConverter.GetBytes(utf8.Length)).Raw(utf8);
        }

        public Pickle Int(long value) => value is >= int.MinValue and <= int.MaxValue
            ? Op('J', BitConverter.GetBytes((int)value))
            : Op(0x8a, 8).Raw(BitConverter.GetBytes(value));

        public Pickle Mark() => Op('(');
        public Pickle Tuple() => Op('t');
        public Pickle Tuple1() => Op(0x85);
        public Pickle EmptyTuple() => Op(')');
        public Pickle EmptyDict() => Op('}');
        public Pickle SetItem() => Op('s');
        public Pickle Reduce() => Op('R');
        public Pickle PersistentId() => Op('Q');
        public Pickle False() => Op(0x89);

        /// <summary>Any opcode bytes, for what the named helpers do not cover.</summary>
        public Pickle Raw(params byte[] bytes)
        {
            _bytes.Write(bytes);
            return this;
        }

        public byte[] Stop() => Op('.')._bytes.ToArray();

        Pickle Op(char code, params byte[] argument) => Op((byte)code, argument);

        Pickle Op(byte code, params byte[] argument)
        {
            _bytes.WriteByte(code);
            return Raw(argument);
        }
    }
}
