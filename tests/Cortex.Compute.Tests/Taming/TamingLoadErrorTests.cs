using System.Collections;
using System.Text.RegularExpressions;
using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Tests.Taming;

/// <summary>Every way a checkpoint or config can be wrong ends in one ModelLoadException that names the file and the problem.</summary>
[Collection(TorchCollection.Name)]
public sealed class TamingLoadErrorTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cortex-taming-errors-").FullName;

    string Temp(string name) => Path.Combine(_root, name);

    ModelLoadException Refused(string path, TamingLoadOptions? options = null)
    {
        var error = Assert.Throws<ModelLoadException>(() => TamingLoader.Load(path, options));
        Assert.DoesNotContain("\n", error.Message);
        return error;
    }

    string EditedSafetensors(string name, Action<Dictionary<string, Tensor>> edit)
    {
        var tensors = Safetensors.LoadStateDict(TamingData.VqganSafetensors);
        edit(tensors);
        var path = Temp(name);
        Safetensors.SaveStateDict(path, tensors);
        foreach (var tensor in tensors.Values) tensor.Dispose();
        return path;
    }

    static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>The fixture's VQGAN keys that pass <paramref name="filter"/>; the fixture has them whatever its sizes (attention at some level, a mid block).</summary>
    static KeyValuePair<string, long[]> VqganKey(Func<string, bool> filter) => TamingData.Keys("vqgan").First(k => filter(k.Key));

    [Fact]
    public void A_missing_key_is_named()
    {
        var key = VqganKey(k => k.StartsWith("decoder.up.", StringComparison.Ordinal) && k.Contains(".attn.", StringComparison.Ordinal)).Key;
        var path = EditedSafetensors("missing.safetensors", t => t.Remove(key));
        var error = Refused(path, TamingData.Unshaped);
        Assert.Contains(path, error.Message);
        Assert.Contains($"key '{key}' is missing", error.Message);
    }

    [Fact]
    public void A_missing_key_that_shape_inference_needs_is_named()
    {
        var path = EditedSafetensors("no-codebook.safetensors", t => t.Remove("quantize.embedding.weight"));
        Assert.Contains("key 'quantize.embedding.weight' is missing", Refused(path).Message);
    }

    [Fact]
    public void A_wrong_shape_is_named_with_both_shapes()
    {
        var (key, shape) = VqganKey(k => k == "encoder.mid.attn_1.q.weight");
        long[] wrong = [shape[0] + 32, .. shape[1..]];
        var path = EditedSafetensors("shape.safetensors", t => t[key] = zeros(wrong));
        var message = Refused(path, TamingData.Unshaped).Message;
        Assert.Contains($"key '{key}' has shape {Shape(wrong)}", message);
        Assert.Contains(Shape(shape), message);
    }

    [Fact]
    public void An_unexpected_key_is_named()
    {
        // Attention at the first level of the decoder would mean attention at full resolution, which taming's configs never ask for.
        var path = EditedSafetensors("extra.safetensors", t => t["decoder.up.0.attn.0.q.weight"] = zeros(32, 32, 1, 1));
        Assert.Contains("key 'decoder.up.0.attn.0.q.weight' is not part of a taming model", Refused(path, TamingData.Unshaped).Message);
    }

    [Fact]
    public void A_config_that_does_not_fit_the_checkpoint_names_the_key_and_the_config()
    {
        var yaml = Temp("wrong.yaml");
        var (nEmbed, embedDim) = (TamingData.NEmbed, TamingData.EmbedDim);
        File.WriteAllText(yaml, Regex.Replace(File.ReadAllText(TamingData.VqganYaml), @"n_embed:\s*\d+", $"n_embed: {2 * nEmbed}"));
        var message = Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = yaml }).Message;
        Assert.Contains($"key 'quantize.embedding.weight' has shape [{nEmbed}, {embedDim}]", message);
        Assert.Contains($"[{2 * nEmbed}, {embedDim}]", message);
        Assert.Contains(yaml, message);
    }

    [Fact]
    public void A_config_missing_a_field_or_not_yaml_is_named()
    {
        var incomplete = Temp("incomplete.yaml");
        File.WriteAllText(incomplete, Regex.Replace(File.ReadAllText(TamingData.VqganYaml), @"\n\s*z_channels:\s*\d+", ""));
        Assert.Contains("lacks 'model.params.ddconfig.z_channels'", Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = incomplete }).Message);

        var broken = Temp("broken.yaml");
        File.WriteAllText(broken, "model:\n  params: [unclosed\n");
        Assert.Contains("is not valid YAML", Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = broken }).Message);
    }

    [Theory]
    [InlineData("vqgan_tiny.ckpt", "cannot be read as a torch.save archive")]
    [InlineData("vqgan_tiny.safetensors", "is not a valid safetensors file")]
    public void A_truncated_file_is_named(string file, string problem)
    {
        var bytes = File.ReadAllBytes(TamingData.File(file));
        var path = Temp("truncated-" + file);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        var message = Refused(path, TamingData.Unshaped).Message;
        Assert.Contains(path, message);
        Assert.Contains(problem, message);
    }

    [Fact]
    public void A_file_that_is_no_checkpoint_is_named()
    {
        var text = Temp("notes.ckpt");
        File.WriteAllText(text, "these are not weights");
        Assert.Contains("is not a checkpoint", Refused(text).Message);

        var missing = Temp("absent.ckpt");
        Assert.Contains("does not exist", Refused(missing).Message);

        // A valid safetensors file of something else: the first key shape inference needs is named.
        Assert.Contains("key 'encoder.conv_in.weight' is missing", Refused(TamingData.File("reference.safetensors")).Message);
    }

    [Fact]
    public void A_torch_archive_without_a_state_dict_is_named()
    {
        var path = Temp("other.ckpt");
        using (var stream = File.Create(path))
            PyTorchPickler.PickleStateDict(stream, new Hashtable { ["epoch"] = 3, ["hparams"] = new Hashtable { ["lr"] = 0.1 } }, leaveOpen: false);
        Assert.Contains("holds no 'state_dict' entry", Refused(path).Message);
    }

    [Fact]
    public void A_transformer_without_config_or_head_count_asks_for_one()
    {
        var error = Refused(TamingData.CinCkpt);
        Assert.Contains("head count", error.Message);
        Assert.Contains("n_head", error.Message);
        Assert.Contains("--heads", error.Message);
        Assert.Equal("heads", error.MissingOption);

        var disagreeing = Refused(TamingData.CinCkpt, new TamingLoadOptions { Config = TamingData.CinYaml, Heads = TamingData.Heads + 1 });
        Assert.Contains($"disagrees with its config's n_head {TamingData.Heads}", disagreeing.Message);
    }

    [Theory]
    [InlineData("vqgan_tiny.ckpt")]
    [InlineData("vqgan_tiny.safetensors")]
    public void A_vqgan_alone_without_config_or_resolution_asks_for_it_instead_of_guessing(string file)
    {
        var error = Refused(TamingData.File(file));
        Assert.Contains("image size no tensor shape reveals", error.Message);
        Assert.Contains("--resolution", error.Message);
        Assert.Equal("resolution", error.MissingOption);

        using var given = TamingLoader.Load(TamingData.File(file), new TamingLoadOptions { Resolution = TamingData.Resolution });
        Assert.Equal((TamingData.Resolution, TamingData.LatentSide), (given.ImageSize, given.GridSize));
        var disagreeing = Refused(TamingData.File(file), new TamingLoadOptions { Config = TamingData.VqganYaml, Resolution = 2 * TamingData.Resolution });
        Assert.Contains($"disagrees with its config's ddconfig.resolution {TamingData.Resolution}", disagreeing.Message);
    }

    [Fact]
    public void A_config_nested_100000_deep_is_refused_before_it_is_parsed()
    {
        var flow = Temp("deep.yaml");
        File.WriteAllText(flow, new string('[', 100_000) + new string(']', 100_000));
        Assert.Contains($"nests deeper than {ConfigFile.MaxDepth} levels", Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = flow }).Message);

        // Block style nests by indentation; 200 levels of it are under 40 KB.
        var block = Temp("indented.yaml");
        File.WriteAllText(block, string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 200) + "b: 1\n");
        Assert.Contains("nests deeper than", Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = block }).Message);

        var huge = Temp("huge.yaml");
        File.WriteAllText(huge, "model: " + new string('x', ConfigFile.MaxBytes));
        Assert.Contains("at most", Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = huge }).Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
