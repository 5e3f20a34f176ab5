using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;

namespace Cortex.Compute.Tests.Taming;

/// <summary>
/// Checkpoints built to attack the loader: pickles that call into Python's os, builtins or subprocess,
/// however they spell the import, are refused by name before anything is unpickled; broken pickles and
/// archives are refused as such; a Lightning checkpoint that names its callback classes still loads.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class HostileCheckpointTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cortex-hostile-ckpt-").FullName;

    string Marker => Path.Combine(_root, "pwned");

    string Archive(string name, byte[] pickle, IReadOnlyDictionary<string, byte[]>? storages = null)
    {
        var path = Path.Combine(_root, name);
        TorchArchive.Write(path, pickle, storages);
        return path;
    }

    string Refused(string path)
    {
        var error = Assert.Throws<ModelLoadException>(() => TamingLoader.Load(path));
        Assert.DoesNotContain("\n", error.Message);
        Assert.Contains(path, error.Message);
        return error.Message;
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("builtins", "exec")]
    [InlineData("subprocess", "getoutput")]
    public void A_pickle_that_calls_a_function_is_refused_by_its_name(string module, string function)
    {
        var command = $"touch {Marker}";
        var argument = module == "builtins" ? $"__import__('os').system('{command}')" : command;
        var path = Archive("evil.ckpt", TorchArchive.CallingPickle(module, function, argument));

        var message = Refused(path);

        Assert.Contains($"is refused: its pickle imports {module}.{function}, which no checkpoint needs", message);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void The_other_spellings_of_an_import_are_refused_too()
    {
        // Protocol 4's STACK_GLOBAL takes the names from the stack; INST imports and calls in one opcode.
        var stackGlobal = new TorchArchive.Pickle().EmptyDict().Str("state_dict").Raw(0x8c, 2).Raw("os"u8.ToArray()).Raw(0x94, 0x8c, 6).Raw("system"u8.ToArray())
            .Raw(0x94, 0x93).Str($"touch {Marker}").Tuple1().Reduce().SetItem().Stop();
        var inst = new TorchArchive.Pickle().EmptyDict().Str("state_dict").Mark().Str($"touch {Marker}").Raw((byte)'i').Raw("os\nsystem\n"u8.ToArray()).SetItem().Stop();

        Assert.Contains("its pickle imports os.system", Refused(Archive("stack-global.ckpt", stackGlobal)));
        Assert.Contains("its pickle imports os.system", Refused(Archive("inst.ckpt", inst)));
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void An_import_whose_name_is_only_computed_while_loading_is_refused()
    {
        // The module name comes out of a call, so no reading of the bytes can say what STACK_GLOBAL would import.
        var computed = new TorchArchive.Pickle().EmptyDict().Str("state_dict").Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .Str("system").Raw(0x93).SetItem().Stop();

        Assert.Contains("imports a name that is only computed while it loads (STACK_GLOBAL at byte", Refused(Archive("computed.ckpt", computed)));
    }

    [Fact]
    public void A_pickle_cut_short_or_holding_no_opcode_is_refused_as_corrupt()
    {
        var pickle = TorchArchive.TensorPickle("encoder.conv_in.weight", [2, 2], 4);

        Assert.Contains("cannot be read as a torch.save archive (truncated or corrupt?): archive/data.pkl ends without its STOP opcode.",
            Refused(Archive("cut.ckpt", pickle[..^3])));
        Assert.Contains("archive/data.pkl has an unknown opcode 0x00 at byte 2.", Refused(Archive("zeros.ckpt", [0x80, 2, 0, 0, 0])));
        Assert.Contains("archive/data.pkl stops inside the opcode at byte 2.", Refused(Archive("inside.ckpt", [0x80, 2, (byte)'X', 100, 0, 0, 0, 1, 2])));
    }

    [Fact]
    public void A_zip_that_is_no_torch_archive_is_named()
    {
        var path = Path.Combine(_root, "photos.ckpt");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            using (var entry = zip.CreateEntry("holiday.txt").Open()) entry.Write("not weights"u8);

        Assert.Contains("is a zip archive but not a torch.save one: it holds no data.pkl", Refused(path));
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_in_a_ckpt_is_named()
    {
        var path = Archive("shape.ckpt", TorchArchive.TensorPickle("encoder.conv_in.weight", [2, 2], 4), new Dictionary<string, byte[]> { ["0"] = new byte[16] });

        Assert.Contains("key 'encoder.conv_in.weight': it has shape [2, 2], not 4 dimensions", Refused(path));
    }

    [Fact]
    public void A_tensor_claiming_far_more_than_its_storage_is_refused()
    {
        // 2^40 floats claimed over a storage of four: libtorch refuses to allocate them, and the load ends as corrupt.
        var path = Archive("claim.ckpt", TorchArchive.TensorPickle("encoder.conv_in.weight", [1L << 20, 1L << 20], 4), new Dictionary<string, byte[]> { ["0"] = new byte[16] });

        Assert.Contains("cannot be read as a torch.save archive (truncated or corrupt?)", Refused(path));
    }

    [Fact]
    public void A_lightning_checkpoint_that_names_its_callback_classes_still_loads()
    {
        // Lightning keys a .ckpt's "callbacks" by the callback's class: {"callbacks": {ModelCheckpoint: {}}, ...the fixture's entries}.
        var path = Path.Combine(_root, "lightning.ckpt");
        TorchArchive.Rewrite(TamingData.VqganCkpt, path, pickle =>
        {
            const int afterTopLevelMark = 6;
            var callbacks = new TorchArchive.Pickle().Str("callbacks").EmptyDict()
                .Global("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint").EmptyDict().SetItem().Stop()[2..^1];
            return [.. pickle[..afterTopLevelMark], .. callbacks, .. pickle[afterTopLevelMark..]];
        });

        using var model = TamingLoader.Load(path, TamingData.Unshaped);
        using var original = TamingLoader.Load(TamingData.VqganCkpt, TamingData.Unshaped);

        Assert.True(model.Codebook.allclose(original.Codebook, rtol: 0, atol: 0));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
