using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Reads the hyperparameters from a taming YAML config: <c>model.params</c> of a VQModel (ddconfig,
/// n_embed, embed_dim) or of a Net2NetTransformer (first_stage_config, transformer_config,
/// cond_stage_config). Defaults are taming's own where its constructors have them.
/// </summary>
public static class TamingYaml
{
    public static TamingConfig Read(string path)
    {
        var text = ConfigFile.ReadYaml(path, $"Config '{path}'");
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new ModelLoadException($"Config '{path}' is not a YAML mapping.");
        }
        catch (YamlException e)
        {
            throw new ModelLoadException($"Config '{path}' is not valid YAML (line {e.Start.Line}): {e.Message}", e);
        }
        var config = new Node(path, "", root);
        var parameters = config.Child("model").Child("params");
        var firstStage = parameters.Find("first_stage_config");
        if (firstStage is null) return new TamingConfig(Vqgan(parameters), null, null);
        var transformer = parameters.Find("transformer_config")?.Child("params");
        var classes = parameters.Find("cond_stage_config")?.Find("params")?.Find("n_classes")?.Int();
        return new TamingConfig(Vqgan(firstStage.Child("params")), transformer is null ? null : Gpt(transformer), classes);
    }

    static VqganConfig Vqgan(Node parameters)
    {
        var dd = parameters.Child("ddconfig");
        return new VqganConfig(new DdConfig
        {
            Ch = dd.Child("ch").Int(),
            ChMult = dd.Child("ch_mult").Ints(),
            NumResBlocks = dd.Child("num_res_blocks").Int(),
            AttnResolutions = dd.Child("attn_resolutions").Ints(),
            Resolution = dd.Child("resolution").Int(),
            InChannels = dd.Child("in_channels").Int(),
            OutCh = dd.Child("out_ch").Int(),
            ZChannels = dd.Child("z_channels").Int(),
            DoubleZ = dd.Find("double_z")?.Bool() ?? true, // taming's Encoder default
        }, parameters.Child("n_embed").Int(), parameters.Child("embed_dim").Int());
    }

    // mingpt.GPT.__init__ defaults: n_layer 12, n_head 8, n_embd 256.
    static GptConfig Gpt(Node parameters) => new(
        parameters.Child("vocab_size").Int(),
        parameters.Child("block_size").Int(),
        parameters.Find("n_layer")?.Int() ?? 12,
        parameters.Find("n_head")?.Int() ?? 8,
        parameters.Find("n_embd")?.Int() ?? 256);

    /// <summary>A node with its dotted path, so that every error names the field and the file.</summary>
    sealed record Node(string File, string Path, YamlNode Value)
    {
        public Node? Find(string key)
        {
            var mapping = Value as YamlMappingNode ?? throw Problem("is not a mapping");
            return mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? new Node(File, Dotted(key), child) : null;
        }

        public Node Child(string key) => Find(key) ?? throw new ModelLoadException($"Config '{File}' lacks '{Dotted(key)}'.");

        public int Int() => int.TryParse(Scalar(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Problem("is not an integer");

        public bool Bool() => bool.TryParse(Scalar(), out var value) ? value : throw Problem("is not true or false");

        public IReadOnlyList<int> Ints() => Value is YamlSequenceNode sequence
            ? sequence.Children.Select((item, i) => new Node(File, $"{Path}[{i}]", item).Int()).ToList()
            : throw Problem("is not a list");

        string Scalar() => (Value as YamlScalarNode)?.Value ?? throw Problem("is not a single value");

        string Dotted(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

        ModelLoadException Problem(string what) => new($"Config '{File}': '{Path}' {what} (line {Value.Start.Line}).");
    }
}
