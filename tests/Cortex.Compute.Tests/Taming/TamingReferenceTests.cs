using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;
using Xunit.Abstractions;

namespace Cortex.Compute.Tests.Taming;

/// <summary>The checkpoints of taming-tiny, loaded as a user would, reproduce what the real taming code computed.</summary>
[Collection(TorchCollection.Name)]
public sealed class TamingReferenceTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    static IReadOnlyDictionary<string, Tensor> R => TamingData.Reference;

    void Close(string what, Tensor actual, Tensor expected)
    {
        var difference = TamingData.MaxAbsDiff(actual, expected);
        output.WriteLine($"{what}: max |Δ| = {difference:E2}");
        Assert.True(difference <= Tolerance, $"{what} differs by {difference:E2} (tolerance {Tolerance:E0})");
    }

    public static TheoryData<string> VqganCheckpoints => new() { "vqgan_tiny.ckpt", "vqgan_tiny.safetensors", "cin_transformer_tiny.ckpt" };

    [Theory]
    [MemberData(nameof(VqganCheckpoints))]
    public void Encoding_and_quantization_match_taming(string file)
    {
        using var model = TamingLoader.Load(TamingData.File(file), TamingData.Unshaped);
        using var _ = no_grad();
        var vqgan = model.Vqgan;
        using var h = vqgan.Encoder.call(R["x"]);
        Close("enc_h", h, R["enc_h"]);
        using var latents = vqgan.QuantConv.call(h);
        Close("quant_conv_out", latents, R["quant_conv_out"]);
        using var rows = VectorQuantizer2.Rows(latents);
        using var distances = vqgan.Quantizer.Distances(rows);
        Close("quant_d", distances, R["quant_d"]);
        using var tokens = model.Encode(R["x"]);
        Assert.Equal([1L, TamingData.LatentSide, TamingData.LatentSide], tokens.shape);
        Assert.Equal(TamingData.Longs(R["indices"]), TamingData.Longs(tokens));
        using var embedded = model.Embed(tokens);
        Close("z_q", embedded, R["z_q"]);
        using var postQuant = vqgan.PostQuantConv.call(embedded);
        Close("post_quant_conv_out", postQuant, R["post_quant_conv_out"]);
    }

    [Theory]
    [MemberData(nameof(VqganCheckpoints))]
    public void Decoding_matches_taming(string file)
    {
        using var model = TamingLoader.Load(TamingData.File(file), TamingData.Unshaped);
        using var _ = no_grad();
        using var tokens = model.Encode(R["x"]);
        using var reconstruction = model.DecodeEmbedding(model.Embed(tokens));
        Close("dec", reconstruction, R["dec"]);
        using var embedded = model.Embed(R["code_grid"]);
        Close("code_z_q", embedded, R["code_z_q"]);
        using var decoded = model.Decode(R["code_grid"]);
        Close("dec_code", decoded, R["dec_code"]);
    }

    [Fact]
    public void The_model_reports_the_sizes_of_the_fixture()
    {
        using var model = TamingLoader.Load(TamingData.VqganCkpt, new TamingLoadOptions { Config = TamingData.VqganYaml });
        var config = TamingData.Config;
        var dd = config["ddconfig"]!;
        Assert.Equal((int)dd["resolution"]!, model.ImageSize);
        Assert.Equal((int)config["latent_hw"]![0]!, model.GridSize);
        Assert.Equal((int)config["n_embed"]!, model.CodebookSize);
        Assert.Equal((int)config["embed_dim"]!, model.EmbeddingDim);
        Assert.Equal([(long)(int)config["n_embed"]!, (int)config["embed_dim"]!], model.Codebook.shape);
        Assert.Null(model.Prior);
        Assert.Equal("vqgan_tiny", model.Name);
    }

    [Fact]
    public void Transformer_logits_match_minGPT_and_Net2NetTransformer()
    {
        using var model = TamingLoader.Load(TamingData.CinCkpt, new TamingLoadOptions { Config = TamingData.CinYaml });
        using var _ = no_grad();
        var transformer = model.Transformer!;
        using var gptLogits = transformer.Gpt.call(R["gpt_in"]);
        Close("gpt_logits", gptLogits, R["gpt_logits"]);
        // Net2NetTransformer.forward(x, c): the class token, then the codes of x, shifted by one.
        using var tokens = model.Encode(R["x"]);
        using var logits = transformer.call(R["class_label"].flatten(), tokens);
        Close("n2n_logits", logits, R["n2n_logits"]);
    }

    [Fact]
    public void Greedy_sampling_with_the_cache_reproduces_taming_token_for_token()
    {
        using var model = TamingLoader.Load(TamingData.CinCkpt, new TamingLoadOptions { Config = TamingData.CinYaml });
        var classId = R["class_label"].flatten();
        Assert.True(R["greedy_top2_gap"].min().item<float>() > 1e-5, "the fixture's greedy steps must not hinge on rounding");
        using var generator = new Generator().manual_seed(0);
        using var tokens = model.Prior!.Sample(classId, new PriorSampling(TopK: 1), generator);
        Assert.Equal([1L, TamingData.LatentSide, TamingData.LatentSide], tokens.shape);
        Assert.Equal(TamingData.Longs(R["greedy_tokens"]), TamingData.Longs(tokens));
        using var _ = no_grad();
        using var image = model.Decode(tokens);
        Close("greedy_dec", image, R["greedy_dec"]);
    }

    [Fact]
    public void Cached_sampling_equals_recomputing_the_whole_prefix()
    {
        using var model = TamingLoader.Load(TamingData.CinCkpt, new TamingLoadOptions { Config = TamingData.CinYaml });
        var transformer = model.Transformer!;
        using var classes = tensor(new long[] { TamingData.ClassLabel, (TamingData.ClassLabel + 3) % transformer.Classes });
        using var generator = new Generator().manual_seed(0);
        using var cached = transformer.Sample(classes, new PriorSampling(TopK: 1), generator).flatten(1);

        using var _ = no_grad();
        var length = transformer.GridSize * transformer.GridSize;
        using var tokens = zeros(2, length, dtype: ScalarType.Int64);
        for (var t = 0; t < length; t++)
        {
            // The class and the tokens before t, run through minGPT afresh at every step.
            using var prefix = cat([classes.view(-1, 1), tokens[.., ..t]], 1);
            using var logits = transformer.Gpt.call(prefix);
            tokens[.., t] = logits[.., -1].argmax(1);
        }
        Assert.Equal(TamingData.Longs(tokens), TamingData.Longs(cached));
        Assert.Equal(TamingData.Longs(R["greedy_tokens_nocache"]), TamingData.Longs(tokens[0]));
    }

    [Fact]
    public void Sampling_is_seeded_respects_top_k_and_refuses_what_taming_cannot_do()
    {
        using var model = TamingLoader.Load(TamingData.CinCkpt, new TamingLoadOptions { Config = TamingData.CinYaml });
        var prior = model.Prior!;
        using var classes = tensor(new long[] { 0, 1, prior.Classes - 1 });
        long[] Draw(int seed, int topK)
        {
            using var generator = new Generator().manual_seed(seed);
            using var grid = prior.Sample(classes, new PriorSampling(0.9, topK), generator);
            Assert.Equal([3L, TamingData.LatentSide, TamingData.LatentSide], grid.shape);
            return TamingData.Longs(grid);
        }
        Assert.Equal(Draw(5, 4), Draw(5, 4));
        Assert.NotEqual(Draw(5, 0), Draw(6, 0));
        Assert.All(Draw(7, 0), token => Assert.InRange(token, 0, model.CodebookSize - 1));

        using var generator = new Generator().manual_seed(1);
        Assert.Contains("guidance", Assert.Throws<ArgumentException>(() => prior.Sample(classes, new PriorSampling(Guidance: 2), generator)).Message);
        using var outOfRange = tensor(new long[] { prior.Classes });
        Assert.Contains("class ids", Assert.Throws<ArgumentException>(() => prior.Sample(outOfRange, new PriorSampling(), generator)).Message);
    }

    [Fact]
    public void The_loaded_modules_hold_exactly_the_keys_and_shapes_taming_wrote()
    {
        using var vqgan = TamingLoader.Load(TamingData.VqganCkpt, TamingData.Unshaped);
        Assert.Equal(TamingData.Keys("vqgan").OrderBy(k => k.Key), vqgan.Vqgan.state_dict().Select(p => KeyValuePair.Create(p.Key, p.Value.shape)).OrderBy(k => k.Key));
        using var cin = TamingLoader.Load(TamingData.CinCkpt, TamingData.Unshaped);
        Assert.Equal(TamingData.Keys("cin_transformer").OrderBy(k => k.Key), cin.Transformer!.state_dict().Select(p => KeyValuePair.Create(p.Key, p.Value.shape)).OrderBy(k => k.Key));
    }

    [Fact]
    public void Sampling_at_the_coolest_temperature_allowed_stays_finite_and_one_below_is_refused()
    {
        using var model = TamingLoader.Load(TamingData.CinCkpt, new TamingLoadOptions { Config = TamingData.CinYaml });
        var prior = model.Prior!;
        using var classes = tensor(new long[] { 0, TamingData.ClassLabel });
        using var generator = new Generator().manual_seed(4);
        // multinomial refuses probabilities holding inf or NaN, so a draw at all is the proof.
        using var grid = prior.Sample(classes, new PriorSampling(PriorSampling.MinTemperature), generator);
        Assert.All(TamingData.Longs(grid), token => Assert.InRange(token, 0, model.CodebookSize - 1));
        using var hot = prior.Sample(classes, new PriorSampling(PriorSampling.MaxTemperature), generator);
        Assert.All(TamingData.Longs(hot), token => Assert.InRange(token, 0, model.CodebookSize - 1));

        foreach (var temperature in new[] { 1e-320, PriorSampling.MinTemperature / 2, PriorSampling.MaxTemperature * 2, double.NaN })
            Assert.Contains($"[{PriorSampling.MinTemperature}, {PriorSampling.MaxTemperature}]",
                Assert.Throws<ArgumentException>(() => prior.Sample(classes, new PriorSampling(temperature), generator)).Message);
    }

    [Fact]
    public void The_yaml_configs_agree_with_the_fixture_record_and_with_shape_inference()
    {
        var recorded = TamingData.Config;
        var dd = recorded["ddconfig"]!;
        var fromYaml = TamingYaml.Read(TamingData.CinYaml);
        var vqgan = fromYaml.FirstStage!;
        Assert.Equal((int)dd["ch"]!, vqgan.Dd.Ch);
        Assert.Equal(dd["ch_mult"]!.AsArray().Select(v => (int)v!), vqgan.Dd.ChMult);
        Assert.Equal((int)dd["num_res_blocks"]!, vqgan.Dd.NumResBlocks);
        Assert.Equal(dd["attn_resolutions"]!.AsArray().Select(v => (int)v!), vqgan.Dd.AttnResolutions);
        Assert.Equal((int)dd["resolution"]!, vqgan.Dd.Resolution);
        Assert.Equal((int)dd["z_channels"]!, vqgan.Dd.ZChannels);
        Assert.Equal((bool)dd["double_z"]!, vqgan.Dd.DoubleZ);
        Assert.Equal((int)recorded["n_embed"]!, vqgan.NEmbed);
        Assert.Equal((int)recorded["embed_dim"]!, vqgan.EmbedDim);
        var gpt = recorded["gpt"]!;
        Assert.Equal(new GptConfig((int)gpt["vocab_size"]!, (int)gpt["block_size"]!, (int)gpt["n_layer"]!, (int)gpt["n_head"]!, (int)gpt["n_embd"]!), fromYaml.Transformer);
        Assert.Equal((int)recorded["n_classes"]!, fromYaml.Classes);

        var plain = TamingYaml.Read(TamingData.VqganYaml);
        Assert.Null(plain.Transformer);
        Assert.Equal(vqgan, plain.FirstStage);

        using var inferred = TamingLoader.Load(TamingData.CinCkpt, new TamingLoadOptions { Heads = (int)gpt["n_head"]! });
        Assert.Equal(vqgan, inferred.Vqgan.Config);
        Assert.Equal(fromYaml.Transformer, inferred.Transformer!.Gpt.Config);
    }
}
