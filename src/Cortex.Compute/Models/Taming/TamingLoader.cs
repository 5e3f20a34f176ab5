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
            throw new ModelLoadException($"Checkpoint '{checkpoint}': {e.Message}", e, e.MissingOption);
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    static Vqgan LoadVqgan(Dictionary<string, Tensor> tensors, TamingConfig? config, TamingLoadOptions options, string configSource)
    {
        var shapes = Shapes(tensors);
        var vqganConfig = Checked(config?.FirstStage is { } given
            ? Agreeing(given, options)
            : TamingShapes.Vqgan(shapes, "", options.Resolution));
        var vqgan = new Vqgan(vqganConfig);
        return Filled(vqgan, tensors, configSource);
    }

    static CinTransformer LoadTransformer(Dictionary<string, Tensor> tensors, TamingConfig? config, TamingLoadOptions options, string configSource)
    {
        var shapes = Shapes(tensors);
        var gpt = config?.Transformer is { } given
            ? Agreeing(given, options)
            : TamingShapes.Gpt(shapes, TransformerPrefix, options.Heads ?? throw Missing("heads",
                "it holds a transformer, whose head count no tensor shape reveals (heads only split its width): "
                + "give its taming YAML config (transformer_config.params.n_head) or the number of heads (--heads on the command line, heads when registering)"));
        CheckProblems("transformer_config", gpt.Problems());
        var firstStage = Checked(config?.FirstStage is { } stage ? Agreeing(stage, options) : InferredFirstStage(shapes, gpt, options));
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

    /// <summary>The first stage from the shapes: the image size follows from the latent grid, which the transformer's block fixes.</summary>
    static VqganConfig InferredFirstStage(Dictionary<string, long[]> shapes, GptConfig gpt, TamingLoadOptions options)
    {
        if (options.Resolution is { } resolution) return TamingShapes.Vqgan(shapes, FirstStagePrefix, resolution);
        // The class token plus h·w − 1 image tokens fill the block exactly in taming's cin models.
        var side = TamingShapes.SquareSide(gpt.BlockSize) ?? throw Missing("resolution",
            $"its transformer's block of {gpt.BlockSize} positions is not a square token grid, so the image size is unknown: "
            + "give its taming YAML config or the resolution in pixels (--resolution on the command line, resolution when registering)");
        return TamingShapes.Vqgan(shapes, FirstStagePrefix, TamingShapes.Resolution(shapes, FirstStagePrefix, side));
    }

    /// <summary>A config from YAML, refused when an option given beside it says otherwise (which of the two would be right is unknowable).</summary>
    static VqganConfig Agreeing(VqganConfig config, TamingLoadOptions options) =>
        options.Resolution is { } resolution && resolution != config.Dd.Resolution
            ? throw new ModelLoadException($"the resolution given, {resolution}, disagrees with its config's ddconfig.resolution {config.Dd.Resolution}; give one of them.")
            : config;

    static GptConfig Agreeing(GptConfig config, TamingLoadOptions options) =>
        options.Heads is { } heads && heads != config.NHead
            ? throw new ModelLoadException($"the head count given, {heads}, disagrees with its config's n_head {config.NHead}; give one of them.")
            : config;

    static ModelLoadException Missing(string option, string message) => new(message + ".", missingOption: option);

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
