namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Infers taming hyperparameters from a checkpoint's tensor shapes when no YAML config is given.
/// Two numbers are not in any shape: the image resolution (the convolutions run at any size) and
/// minGPT's head count (heads only split the width). Both must come from the caller; a transformer's
/// block fixes the latent grid, from which <see cref="Resolution"/> gives the image side.
/// </summary>
public static class TamingShapes
{
    /// <param name="shapes">tensor shapes by key</param>
    /// <param name="prefix">"" for a VQModel checkpoint, "first_stage_model." inside a Net2NetTransformer</param>
    /// <param name="resolution">image side in pixels; null when nothing gives it, refused (once the shapes show a taming VQGAN) asking for it</param>
    public static VqganConfig Vqgan(IReadOnlyDictionary<string, long[]> shapes, string prefix, int? resolution)
    {
        var source = new Shapes(shapes, prefix);
        var convIn = source.Of("encoder.conv_in.weight", 4);           // [ch, in_channels, 3, 3]
        var ch = (int)convIn[0];
        var levels = Levels(source);
        var blocks = source.Count(i => $"encoder.down.0.block.{i}.conv1.weight");
        if (blocks == 0) throw source.Missing("encoder.down.0.block.0.conv1.weight");
        var chMult = Enumerable.Range(0, levels).Select(level =>
        {
            var width = source.Of($"encoder.down.{level}.block.0.conv2.weight", 4)[0];
            return width % ch == 0 ? (int)(width / ch) : throw source.Problem($"encoder.down.{level}.block.0.conv2.weight", $"its width {width} is not a multiple of ch {ch}");
        }).ToList();
        var zChannels = (int)source.Of("decoder.conv_in.weight", 4)[1]; // [block_in, z, 3, 3]
        var codebook = source.Of("quantize.embedding.weight", 2);        // [n_embed, embed_dim]
        var side = resolution ?? throw new ModelLoadException("it holds a VQGAN alone, whose image size no tensor shape reveals (its convolutions run at any size): "
            + "give its taming YAML config (ddconfig.resolution) or the resolution it was trained at, in pixels (--resolution on the command line, resolution when registering).",
            missingOption: "resolution");
        var attention = Enumerable.Range(0, levels).Where(level => source.Has($"encoder.down.{level}.attn.0.q.weight")).Select(level => side >> level).ToList();
        var dd = new DdConfig
        {
            Ch = ch,
            ChMult = chMult,
            NumResBlocks = blocks,
            AttnResolutions = attention,
            Resolution = side,
            InChannels = (int)convIn[1],
            OutCh = (int)source.Of("decoder.conv_out.weight", 4)[0],
            ZChannels = zChannels,
            DoubleZ = source.Of("encoder.conv_out.weight", 4)[0] == 2L * zChannels,
        };
        return new VqganConfig(dd, (int)codebook[0], (int)codebook[1]);
    }

    /// <summary>The image side of a VQGAN whose latent grid is <paramref name="latentSize"/> on a side: one halving per level but the last.</summary>
    public static int Resolution(IReadOnlyDictionary<string, long[]> shapes, string prefix, int latentSize) => latentSize << (Levels(new Shapes(shapes, prefix)) - 1);

    static int Levels(Shapes source)
    {
        var levels = source.Count(i => $"encoder.down.{i}.block.0.conv1.weight");
        return levels > 0 ? levels : throw source.Missing("encoder.down.0.block.0.conv1.weight");
    }

    /// <param name="heads">minGPT's n_head, which no shape reveals</param>
    public static GptConfig Gpt(IReadOnlyDictionary<string, long[]> shapes, string prefix, int heads)
    {
        var source = new Shapes(shapes, prefix);
        var tokens = source.Of("tok_emb.weight", 2);   // [vocab, n_embd]
        var positions = source.Of("pos_emb", 3);       // [1, block, n_embd]
        var layers = source.Count(i => $"blocks.{i}.ln1.weight");
        if (layers == 0) throw source.Missing("blocks.0.ln1.weight");
        return new GptConfig((int)tokens[0], (int)positions[1], layers, heads, (int)tokens[1]);
    }

    /// <summary>n with n² = <paramref name="length"/>, or null when the length is not a square.</summary>
    public static int? SquareSide(int length)
    {
        var side = (int)Math.Round(Math.Sqrt(length));
        return side * side == length ? side : null;
    }

    sealed class Shapes(IReadOnlyDictionary<string, long[]> shapes, string prefix)
    {
        public bool Has(string key) => shapes.ContainsKey(prefix + key);

        public long[] Of(string key, int rank)
        {
            if (!shapes.TryGetValue(prefix + key, out var shape)) throw Missing(key);
            return shape.Length == rank ? shape : throw Problem(key, $"it has shape [{string.Join(", ", shape)}], not {rank} dimensions");
        }

        public int Count(Func<int, string> key)
        {
            var n = 0;
            while (Has(key(n))) n++;
            return n;
        }

        public ModelLoadException Missing(string key) =>
            new($"key '{prefix}{key}' is missing, so the hyperparameters cannot be read from the checkpoint's shapes (is it a taming checkpoint?).");

        public ModelLoadException Problem(string key, string problem) => new($"key '{prefix}{key}': {problem}.");
    }
}
