using System.Collections;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Reads the tensors of a checkpoint through TorchSharp.PyBridge: a <c>torch.save</c> zip archive
/// (a Lightning .ckpt, whose weights sit under "state_dict", or a bare state dict) or a safetensors
/// file. Everything else a .ckpt holds (optimizer state, step counters) is released at once, and so
/// are the <c>loss.*</c> tensors (LPIPS, discriminator) that taming's VQGAN checkpoints carry.
/// </summary>
static class CheckpointFile
{
    static readonly byte[] ZipMagic = "PK\u0003\u0004"u8.ToArray();

    /// <summary>
    /// What a checkpoint's pickle may import: tensor storages and the functions that rebuild tensors and
    /// parameters from them, OrderedDict, and (by prefix) the Lightning callback classes that key a .ckpt's
    /// "callbacks". PyBridge runs no Python, but its unpickler builds whatever a pickle names through the
    /// constructors registered with it, so anything else is refused before the file is unpickled.
    /// </summary>
    static readonly HashSet<string> Imports =
    [
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "collections.OrderedDict",
        .. new[] { "Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool", "ComplexDouble", "ComplexFloat" }
            .Select(type => $"torch.{type}Storage"),
    ];

    static readonly string[] ImportPrefixes = ["pytorch_lightning.callbacks.", "lightning.pytorch.callbacks."];

    /// <summary>A pickle holds only the tensors' metadata, about 130 bytes per tensor (their bytes are separate entries), so a larger one is no checkpoint's.</summary>
    const long MaxPickleBytes = 64 << 20;

    /// <summary>CPU tensors by key; the caller owns them.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException($"Checkpoint '{path}' does not exist.");
        var header = new byte[9];
        long length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.Length;
            stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        if (header.AsSpan(0, 4).SequenceEqual(ZipMagic)) return ReadArchive(path);
        // torch.save before PyTorch 1.6 wrote a bare pickle stream, which opens with the PROTO opcode.
        if (header[0] == 0x80)
            throw new ModelLoadException($"'{path}' was saved in PyTorch's legacy (pre-1.6) format, which TorchSharp cannot read; "
                + "re-save it with torch.save in PyTorch 1.6 or newer, or convert it to safetensors.");
        if (length >= header.Length && header[8] == (byte)'{') return ReadSafetensors(path, length);
        throw new ModelLoadException($"'{path}' is not a checkpoint: it is neither a torch.save archive (.ckpt, .pt, .pth) nor a safetensors file.");
    }

    static Dictionary<string, Tensor> ReadArchive(string path)
    {
        CheckImports(path);
        Hashtable top;
        try
        {
            top = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e)
        {
            throw new ModelLoadException($"'{path}' cannot be read as a torch.save archive (truncated or corrupt?): {FirstLine(e.Message)}", e);
        }
        var weights = top["state_dict"] as Hashtable ?? (top.Values.Cast<object?>().All(v => v is Tensor) ? top : null);
        if (weights is null)
        {
            Release(top);
            var keys = string.Join(", ", top.Keys.Cast<object>().Select(k => $"'{k}'"));
            throw new ModelLoadException($"'{path}' holds no 'state_dict' entry (its top level has {keys}), so it is not a Lightning checkpoint or a state dict.");
        }
        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in weights)
        {
            if (entry.Value is Tensor tensor && entry.Key is string key && !IsLoss(key)) tensors[key] = tensor;
            else Release(entry.Value);
        }
        weights.Clear();
        Release(top);
        return tensors;
    }

    /// <summary>Refuses an archive whose pickles import anything but <see cref="Imports"/>, or that cannot be walked to their end.</summary>
    static void CheckImports(string path)
    {
        var imports = new List<string>();
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var pickles = zip.Entries.Where(e => e.Name.EndsWith(".pkl", StringComparison.Ordinal)).ToList();
            if (pickles.Count == 0) throw new ModelLoadException($"'{path}' is a zip archive but not a torch.save one: it holds no data.pkl.");
            foreach (var entry in pickles)
            {
                if (entry.Length > MaxPickleBytes) throw new InvalidDataException($"{entry.FullName} unpacks to {entry.Length >> 20} MiB, far more than a checkpoint's pickle");
                var pickle = new byte[entry.Length];
                using (var stream = entry.Open()) stream.ReadExactly(pickle);
                imports.AddRange(PickleImports.Of(pickle, entry.FullName));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new ModelLoadException($"'{path}' cannot be read as a torch.save archive (truncated or corrupt?): {FirstLine(e.Message).TrimEnd('.')}.", e);
        }
        var foreign = imports.Where(i => !Imports.Contains(i) && !ImportPrefixes.Any(p => i.StartsWith(p, StringComparison.Ordinal))).Distinct().ToList();
        if (foreign.Count > 0)
            throw new ModelLoadException($"'{path}' is refused: its pickle imports {string.Join(", ", foreign)}, which no checkpoint needs, so Cortex does not load it "
                + "(a checkpoint's pickle may import only torch's tensor types, OrderedDict and Lightning callbacks; convert other files to safetensors).");
    }

    static Dictionary<string, Tensor> ReadSafetensors(string path, long length)
    {
        List<string> keys;
        try
        {
            keys = SafetensorsIndex(path, length);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new ModelLoadException($"'{path}' is not a valid safetensors file (truncated or corrupt?): {FirstLine(e.Message)}", e);
        }
        try
        {
            return Safetensors.LoadStateDict(path, keys.Where(k => !IsLoss(k)).ToList());
        }
        catch (Exception e)
        {
            throw new ModelLoadException($"'{path}' cannot be read as safetensors: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>The tensor names of a safetensors header, after checking that every tensor's bytes lie inside the file.</summary>
    static List<string> SafetensorsIndex(string path, long length)
    {
        using var stream = File.OpenRead(path);
        var prefix = new byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BitConverter.ToUInt64(prefix);
        if (headerLength > (ulong)(length - 8)) throw new InvalidDataException($"its header claims {headerLength} bytes, more than the file holds");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(json));
        var keys = new List<string>();
        var dataEnd = 0L;
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            dataEnd = Math.Max(dataEnd, entry.Value.GetProperty("data_offsets")[1].GetInt64());
            keys.Add(entry.Name);
        }
        var available = length - 8 - (long)headerLength;
        if (dataEnd > available) throw new InvalidDataException($"its tensors need {dataEnd} bytes of data, but only {available} follow the header");
        return keys;
    }

    /// <summary>taming's training-only perceptual loss and discriminator, at any nesting (<c>first_stage_model.loss.*</c> too).</summary>
    static bool IsLoss(string key) => key.StartsWith("loss.", StringComparison.Ordinal) || key.Contains(".loss.", StringComparison.Ordinal);

    /// <summary>Frees the tensors of an unpickled object graph now rather than at garbage collection.</summary>
    static void Release(object? value)
    {
        switch (value)
        {
            case Tensor tensor: tensor.Dispose(); break;
            case IDictionary dictionary: foreach (var item in dictionary.Values) Release(item); break;
            case IEnumerable items and not string: foreach (var item in items) Release(item); break;
        }
    }

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
