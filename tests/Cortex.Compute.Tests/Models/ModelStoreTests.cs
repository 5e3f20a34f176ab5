using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;

namespace Cortex.Compute.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModelStoreTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cortex-store-").FullName;

    string Dir(string name) => Path.Combine(_root, name);

    [Fact]
    public void A_saved_model_loads_back_with_identical_weights_and_outputs()
    {
        using var model = TinyModels.Create();
        ModelStore.Save(model, Dir("m"));
        using var loaded = ModelStore.Load(Dir("m"));

        Assert.Equal(model.Card.Tokenizer, loaded.Card.Tokenizer);
        Assert.Equal(model.Card.Prior, loaded.Card.Prior);
        using var images = rand(3, 3, 32, 32).Times(2).Minus(1);
        using (no_grad())
        {
            Assert.True(equal(model.Tokenizer.call(images), loaded.Tokenizer.call(images)).all().item<bool>());
            Assert.True(equal(model.Tokenizer.Quantizer.Codebook, loaded.Tokenizer.Quantizer.Codebook).all().item<bool>());
            foreach (var ((_, original), (_, reloaded)) in model.Evaluators.Zip(loaded.Evaluators))
                Assert.True(equal(original.call(images), reloaded.call(images)).all().item<bool>());
            using var classes = tensor(new long[] { 0, 5 });
            using var tokens = randint(model.Card.Tokenizer.CodebookSize, [2, 64]);
            Assert.True(equal(model.Prior.call(classes, tokens), loaded.Prior.call(classes, tokens)).all().item<bool>());
        }
    }

    [Fact]
    public void Saving_over_a_model_replaces_it_and_leaves_no_staging_directory()
    {
        using var first = TinyModels.Create(seed: 1);
        using var second = TinyModels.Create(seed: 2);
        ModelStore.Save(first, Dir("m"));
        ModelStore.Save(second, Dir("m"));
        Assert.Equal([Dir("m")], Directory.GetDirectories(_root));
        using var loaded = ModelStore.Load(Dir("m"));
        Assert.True(equal(second.Tokenizer.Quantizer.Codebook, loaded.Tokenizer.Quantizer.Codebook).all().item<bool>());
    }

    [Fact]
    public void A_missing_directory_is_named()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelStore.Load(Dir("nowhere")));
        Assert.Contains("nowhere", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_corrupt_card_is_named()
    {
        SaveTiny("m");
        File.WriteAllText(Path.Combine(Dir("m"), ModelStore.CardFile), "{ \"format_version\": 1, \"world\": ");
        var error = Assert.Throws<ModelLoadException>(() => ModelStore.Load(Dir("m")));
        Assert.Contains(ModelStore.CardFile, error.Message);
        Assert.Contains("not a valid model card", error.Message);
    }

    [Fact]
    public void A_card_whose_shapes_disagree_with_the_weights_names_the_weight_file()
    {
        SaveTiny("m");
        EditCard("m", card => card["tokenizer"]!["embedding_dim"] = 16);
        var error = Assert.Throws<ModelLoadException>(() => ModelStore.Load(Dir("m")));
        Assert.Contains(ModelStore.TokenizerFile, error.Message);
        Assert.Contains("does not match", error.Message);
    }

    [Fact]
    public void A_missing_or_truncated_weight_file_is_named()
    {
        SaveTiny("m");
        File.Delete(Path.Combine(Dir("m"), ModelStore.PriorFile));
        Assert.Contains(ModelStore.PriorFile, Assert.Throws<ModelLoadException>(() => ModelStore.Load(Dir("m"))).Message);

        SaveTiny("t");
        var path = Path.Combine(Dir("t"), ModelStore.TokenizerFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains(ModelStore.TokenizerFile, Assert.Throws<ModelLoadException>(() => ModelStore.Load(Dir("t"))).Message);
    }

    [Fact]
    public void An_unknown_format_version_is_refused()
    {
        SaveTiny("m");
        EditCard("m", card => card["format_version"] = 99);
        Assert.Contains("format version 99", Assert.Throws<ModelLoadException>(() => ModelStore.Load(Dir("m"))).Message);
    }

    void SaveTiny(string name)
    {
        using var model = TinyModels.Create();
        ModelStore.Save(model, Dir(name));
    }

    void EditCard(string name, Action<JsonNode> edit)
    {
        var path = Path.Combine(Dir(name), ModelStore.CardFile);
        var card = JsonNode.Parse(File.ReadAllText(path))!;
        edit(card);
        File.WriteAllText(path, card.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
