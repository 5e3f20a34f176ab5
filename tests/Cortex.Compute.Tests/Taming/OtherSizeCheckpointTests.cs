using System.Collections;
using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Tests.Taming;

/// <summary>
/// Checkpoints of another size than the fixture, written here with taming's key names, load through
/// shape inference alone: nothing about taming-tiny is built into the loader.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class OtherSizeCheckpointTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cortex-taming-").FullName;

    // Three levels, two ResNet blocks, attention only at the lowest level, a 128×12 codebook, 8×8 latents.
    static readonly VqganConfig Vqgan = new(new DdConfig
    {
        Ch = 32,
        ChMult = [1, 1, 2],
        NumResBlocks = 2,
        AttnResolutions = [8],
        Resolution = 32,
        ZChannels = 16,
    }, NEmbed: 128, EmbedDim: 12);

    static readonly GptConfig Gpt = new(VocabSize: 128, BlockSize: 64, NLayer: 3, NHead: 4, NEmbd: 64);

    [Fact]
    public void A_vqgan_of_another_size_saved_as_safetensors_loads_with_inferred_hyperparameters()
    {
        manual_seed(21);
        using var original = new Vqgan(Vqgan);
        original.eval();
        var path = Path.Combine(_root, "other.safetensors");
        original.save_safetensors(path);

        using var loaded = TamingLoader.Load(path, new TamingLoadOptions { Resolution = 32 });
        Assert.Equal(Vqgan, loaded.Vqgan.Config);
        Assert.Equal((32, 8, 128, 12), (loaded.ImageSize, loaded.GridSize, loaded.CodebookSize, loaded.EmbeddingDim));

        using var _ = no_grad();
        using var images = rand(2, 3, 32, 32).Times(2).Minus(1);
        using var tokens = loaded.Encode(images);
        Assert.Equal([2L, 8, 8], tokens.shape);
        Assert.Equal(TamingData.Longs(original.Encode(images)), TamingData.Longs(tokens));
        using var decoded = loaded.Decode(tokens);
        Assert.Equal([2L, 3, 32, 32], decoded.shape);
        Assert.True(equal(original.Decode(tokens), decoded).all().item<bool>());
    }

    [Fact]
    public void Without_a_resolution_a_vqgan_alone_is_refused_rather_than_loaded_at_a_guessed_size()
    {
        manual_seed(22);
        using var original = new Vqgan(Vqgan);
        var path = Path.Combine(_root, "other.safetensors");
        original.save_safetensors(path);

        // Its 8×8 latents at 32 px were once taken for taming's 16×16 at 64 px.
        var error = Assert.Throws<ModelLoadException>(() => TamingLoader.Load(path));
        Assert.Equal("resolution", error.MissingOption);
    }

    [Fact]
    public void A_cin_transformer_without_a_resolution_takes_its_image_size_from_its_square_block()
    {
        manual_seed(24);
        using var original = new CinTransformer(Vqgan, Gpt, classes: 10);
        var path = Path.Combine(_root, "cin.safetensors");
        original.save_safetensors(path);

        using var loaded = TamingLoader.Load(path, new TamingLoadOptions { Heads = Gpt.NHead });
        Assert.Equal(Vqgan, loaded.Vqgan.Config);
        Assert.Equal((32, 8), (loaded.ImageSize, loaded.GridSize));
    }

    [Fact]
    public void A_cin_transformer_of_another_size_in_a_lightning_ckpt_loads_skipping_loss_and_optimizer_state()
    {
        manual_seed(23);
        using var original = new CinTransformer(Vqgan, Gpt, classes: 10);
        original.eval();
        var path = Path.Combine(_root, "other.ckpt");
        var weights = new Hashtable();
        foreach (var (key, value) in original.state_dict()) weights[key] = value;
        // What a trained first stage drags along: LPIPS and discriminator tensors, int64 counters included.
        weights["first_stage_model.loss.discriminator.main.1.num_batches_tracked"] = tensor(3L);
        weights["first_stage_model.loss.perceptual_loss.net.slice1.0.weight"] = randn(4, 3, 3, 3);
        var checkpoint = new Hashtable
        {
            ["state_dict"] = weights,
            ["global_step"] = 1234,
            ["epoch"] = 5,
            ["optimizer_states"] = new ArrayList { new Hashtable { ["exp_avg"] = randn(8, 8) } },
        };
        using (var stream = File.Create(path)) PyTorchPickler.PickleStateDict(stream, checkpoint, leaveOpen: false);

        using var loaded = TamingLoader.Load(path, new TamingLoadOptions { Heads = Gpt.NHead, Classes = 10 });
        var transformer = loaded.Transformer!;
        Assert.Equal(Gpt, transformer.Gpt.Config);
        Assert.Equal(Vqgan, loaded.Vqgan.Config);
        Assert.Equal(10, transformer.Classes);

        using var _ = no_grad();
        using var classes = tensor(new long[] { 0, 9 });
        using var grids = randint(Gpt.VocabSize, [2, 8, 8]);
        Assert.True(equal(original.call(classes, grids), transformer.call(classes, grids)).all().item<bool>());
        using var generator = new Generator().manual_seed(3);
        using var sampled = transformer.Sample(classes, new PriorSampling(TopK: 20), generator);
        Assert.Equal([2L, 8, 8], sampled.shape);
        using var images = loaded.Decode(sampled);
        Assert.Equal([2L, 3, 32, 32], images.shape);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
