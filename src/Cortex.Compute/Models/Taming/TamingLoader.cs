namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Loads a taming-transformers checkpoint (Lightning .ckpt or .safetensors) of a VQGAN (VQModel) or
/// of a class-conditional Net2NetTransformer, which holds its VQGAN as first_stage_model. Every
/// problem — a missing file, a truncated or foreign file, a missing key, a wrong shape, a config that
/// does not fit — is one <see cref="ModelLoadException"/> that names the file and the key.
/// </summary>
public static class TamingLoader
{
    const string FirstStagePrefix = "first_stage_model.";
    const string TransformerPrefix = "transformer.";
    const int ImageNetClasses = 1000;

    public static TamingModel Load(string checkpoint, TamingLoadOptions? options = null)
    {
        options ??= new TamingLoadOptions();
        var config = options.Config is null ? null : TamingYaml.Read(options.Config);
        var tensors = CheckpointFile.Read(checkpoint);
        try
        {
            var name = options.Name ?? Path.GetFileNameWithoutExtension(checkpoint);
            var configSource = options.Config is null ? "the hyperparameters its shapes imply" : $"the hyperparameters of '{options.Config}'";
            return tensors.Keys.Any(k => k.StartsWith(TransformerPrefix, StringComparison.Ordinal))
                ? TamingModel.FromTransformer(name, LoadTransformer(tensors, config, options, configSource))
                : TamingModel.FromVqgan(name, LoadVqgan(tensors, config, options, configSource));
        }
        catch (ModelLoadException e)
        {
            throw new ModelLoadException($"Checkpoint '{checkpoint}': {e.Message}", e);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    static Vqgan LoadVqgan(Dictionary<string, Tensor> tensors, TamingConfig? config, TamingLoadOptions options, string configSource)
    {
        var vqganConfig = Checked(config?.FirstStage ?? TamingShapes.Vqgan(Shapes(tensors), "", TamingShapes.DefaultLatentSize, options.Resolution));
        var vqgan = new Vqgan(vqganConfig);
        return Filled(vqgan, tensors, configSource);
    }

    static CinTransformer LoadTransformer(Dictionary<string, Tensor> tensors, TamingConfig? config, TamingLoadOptions options, string configSource)
    {
        var shapes = Shapes(tensors);
        var gpt = config?.Transformer ?? TamingShapes.Gpt(shapes, TransformerPrefix, options.Heads
            ?? throw new ModelLoadException("it holds a transformer, whose head count no tensor shape reveals: "
                + "give its taming YAML config (transformer_config.params.n_head) or the number of heads."));
        CheckProblems("transformer_config", gpt.Problems());
        // The class token plus h·w − 1 image tokens fill the block exactly in taming's cin models.
        var latentSize = TamingShapes.SquareSide(gpt.BlockSize) ?? TamingShapes.DefaultLatentSize;
        var firstStage = Checked(config?.FirstStage ?? TamingShapes.Vqgan(shapes, FirstStagePrefix, latentSize, options.Resolution));
        var classes = Math.Min(config?.Classes ?? options.Classes ?? ImageNetClasses, gpt.VocabSize);
        CinTransformer transformer;
        try
        {
            transformer = new CinTransformer(firstStage, gpt, classes);
        }
        catch (ArgumentException e)
        {
            throw new ModelLoadException(e.Message, e);
        }
        return Filled(transformer, tensors, configSource);
    }

    static VqganConfig Checked(VqganConfig config)
    {
        CheckProblems("ddconfig", config.Dd.Problems());
        if (config.NEmbed <= 0 || config.EmbedDim <= 0) throw new ModelLoadException("n_embed and embed_dim must be positive.");
        return config;
    }

    static void CheckProblems(string part, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) throw new ModelLoadException($"its {part} cannot be built: {string.Join("; ", problems)}.");
    }

    static T Filled<T>(T module, Dictionary<string, Tensor> tensors, string configSource) where T : nn.Module
    {
        try
        {
            StateDictCopy.Into(module, tensors, configSource);
        }
        catch
        {
            module.Dispose();
            throw;
        }
        module.eval();
        // Cortex only runs taming models. Weights that required gradients would tie every embedding lookup to
        // the codebook's graph, so training an extractor on looked-up embeddings would backward through it twice.
        foreach (var parameter in module.parameters()) parameter.requires_grad = false;
        return module;
    }

    static Dictionary<string, long[]> Shapes(Dictionary<string, Tensor> tensors) => tensors.ToDictionary(p => p.Key, p => p.Value.shape);
}
