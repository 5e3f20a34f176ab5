using System.Collections;
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

    [Fact]
    public void A_missing_key_is_named()
    {
        var path = EditedSafetensors("missing.safetensors", t => t.Remove("decoder.up.1.attn.0.q.weight"));
        var error = Refused(path);
        Assert.Contains(path, error.Message);
        Assert.Contains("key 'decoder.up.1.attn.0.q.weight' is missing", error.Message);
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
        var path = EditedSafetensors("shape.safetensors", t => t["encoder.mid.attn_1.q.weight"] = zeros(64, 32, 1, 1));
        var message = Refused(path).Message;
        Assert.Contains("key 'encoder.mid.attn_1.q.weight' has shape [64, 32, 1, 1]", message);
        Assert.Contains("[64, 64, 1, 1]", message);
    }

    [Fact]
    public void An_unexpected_key_is_named()
    {
        var path = EditedSafetensors("extra.safetensors", t => t["decoder.up.0.attn.0.q.weight"] = zeros(32, 32, 1, 1));
        Assert.Contains("key 'decoder.up.0.attn.0.q.weight' is not part of a taming model", Refused(path).Message);
    }

    [Fact]
    public void A_config_that_does_not_fit_the_checkpoint_names_the_key_and_the_config()
    {
        var yaml = Temp("wrong.yaml");
        File.WriteAllText(yaml, File.ReadAllText(TamingData.VqganYaml).Replace("n_embed: 64", "n_embed: 128"));
        var message = Refused(TamingData.VqganCkpt, new TamingLoadOptions { Config = yaml }).Message;
        Assert.Contains("key 'quantize.embedding.weight' has shape [64, 8]", message);
        Assert.Contains("[128, 8]", message);
        Assert.Contains(yaml, message);
    }

    [Fact]
    public void A_config_missing_a_field_or_not_yaml_is_named()
    {
        var incomplete = Temp("incomplete.yaml");
        File.WriteAllText(incomplete, File.ReadAllText(TamingData.VqganYaml).Replace("      z_channels: 8\n", ""));
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
        var message = Refused(path).Message;
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
        var message = Refused(TamingData.CinCkpt).Message;
        Assert.Contains("head count", message);
        Assert.Contains("n_head", message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
