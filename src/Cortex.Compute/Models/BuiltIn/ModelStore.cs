using System.Text.Json;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>
/// Saves and loads a built-in model directory: <c>model-card.json</c> plus one safetensors file per
/// module, written through <see cref="AtomicDirectory"/> so a crash never leaves a half-written model.
/// </summary>
public static class ModelStore
{
    public const string CardFile = "model-card.json";
    public const string TokenizerFile = "tokenizer.safetensors";
    public const string PriorFile = "prior.safetensors";

    public static void Save(BuiltInModel model, string directory) => AtomicDirectory.Write(directory, staging =>
    {
        model.Tokenizer.save_safetensors(Path.Combine(staging, TokenizerFile));
        model.Prior.save_safetensors(Path.Combine(staging, PriorFile));
        foreach (var (card, module) in model.Evaluators) module.save_safetensors(Path.Combine(staging, card.File));
        File.WriteAllText(Path.Combine(staging, CardFile), JsonSerializer.Serialize(model.Card, ModelCard.Json));
    });

    public static ModelCard ReadCard(string directory)
    {
        if (!Directory.Exists(directory))
            throw new ModelLoadException($"Model directory '{directory}' does not exist.");
        var path = Path.Combine(directory, CardFile);
        if (!File.Exists(path))
            throw new ModelLoadException($"'{path}' is missing: a built-in model directory needs its model card.");
        try
        {
            var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path), ModelCard.Json)
                ?? throw new ModelLoadException($"'{path}' is empty.");
            if (card.FormatVersion != ModelCard.CurrentFormat)
                throw new ModelLoadException($"'{path}' has format version {card.FormatVersion}; this Cortex reads version {ModelCard.CurrentFormat}.");
            return card;
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"'{path}' is not a valid model card: {e.Message}", e);
        }
    }

    /// <summary>Loads a model directory, checking every weight file against the card's shapes.</summary>
    public static BuiltInModel Load(string directory)
    {
        var card = ReadCard(directory);
        var model = BuiltInModel.Create(card);
        try
        {
            LoadWeights(model.Tokenizer, Path.Combine(directory, TokenizerFile));
            LoadWeights(model.Prior, Path.Combine(directory, PriorFile));
            foreach (var (evaluator, module) in model.Evaluators) LoadWeights(module, Path.Combine(directory, evaluator.File));
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.Eval();
        return model;
    }

    static void LoadWeights(nn.Module module, string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException($"Weight file '{path}' is missing.");
        try
        {
            module.load_safetensors(path, strict: true);
        }
        catch (Exception e) when (e is not ModelLoadException)
        {
            // libtorch appends its C++ stack to the message; the first line names the problem.
            throw new ModelLoadException($"Weight file '{path}' does not match {CardFile}: {e.Message.Split('\n', 2)[0].Trim()}", e);
        }
    }
}
