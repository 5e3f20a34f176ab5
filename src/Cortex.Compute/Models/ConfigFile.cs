using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cortex.Compute.Models;

/// <summary>
/// Reads a small YAML or JSON settings file (a taming config, an evaluator's settings) after checking
/// its size and how deeply it nests. The parsers that build objects recurse once per level, so a file
/// of 100,000 open brackets would overflow the stack and kill the process before any error could be
/// caught; the checks here walk the file's tokens in a loop and refuse it first.
/// </summary>
public static class ConfigFile
{
    /// <summary>Taming's configs and an ImageNet evaluator's 1,000 labels are a few tens of kilobytes.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Taming's deepest config nests 6 levels (model.params.first_stage_config.params.ddconfig.ch_mult).</summary>
    public const int MaxDepth = 32;

    /// <summary>The text of a YAML file whose nesting is within <see cref="MaxDepth"/>.</summary>
    /// <param name="what">how messages name the file, e.g. "Config 'x.yaml'"</param>
    public static string ReadYaml(string path, string what)
    {
        var text = Read(path, what);
        var depth = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                depth += parser.Current switch
                {
                    MappingStart or SequenceStart => 1,
                    MappingEnd or SequenceEnd => -1,
                    _ => 0,
                };
                if (depth > MaxDepth) throw TooDeep(what, $"line {parser.Current!.Start.Line}");
            }
        }
        catch (YamlException e)
        {
            throw new ModelLoadException($"{what} is not valid YAML (line {e.Start.Line}): {e.Message}", e);
        }
        return text;
    }

    /// <summary>The text of a JSON file whose nesting is within <see cref="MaxDepth"/>; JSON errors other than depth are left to the deserializer.</summary>
    public static string ReadJson(string path, string what)
    {
        var text = Read(path, what);
        // One more level than allowed, so that the reader reaches the check below instead of failing with its own words.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                    throw TooDeep(what, $"byte {reader.TokenStartIndex}");
        }
        catch (JsonException)
        {
            // Malformed JSON: the deserializer reports it with the field names.
        }
        return text;
    }

    static string Read(string path, string what)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw new ModelLoadException($"{what} does not exist.");
        if (file.Length > MaxBytes)
            throw new ModelLoadException($"{what} is {file.Length:N0} bytes; a settings file may hold at most {MaxBytes:N0}.");
        return File.ReadAllText(path);
    }

    static ModelLoadException TooDeep(string what, string where) =>
        new($"{what} nests deeper than {MaxDepth} levels ({where}); a model's settings never need that many.");
}
