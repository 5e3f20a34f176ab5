using System.Text.Json;

namespace Cortex.Server.Tests.Models;

/// <summary>
/// Settings files an outside audit placed in a models directory: a YAML and a JSON file nested 100,000 deep, an
/// evaluator config whose name is 5 MB, and one whose name reads backwards. Registrations name them by these paths.
/// </summary>
public static class HostileModelFiles
{
    public const string DeepYaml = "hostile/deep.yaml";
    public const string DeepJson = "hostile/deep.json";
    public const string HugeName = "hostile/huge-name.json";
    public const string BidiName = "hostile/bidi-name.json";

    public static void WriteInto(string modelsDirectory)
    {
        TamingModels.CopyInto(modelsDirectory);
        var deep = new string('[', 100_000) + new string(']', 100_000);
        Write(modelsDirectory, DeepYaml, deep);
        Write(modelsDirectory, DeepJson, deep);
        Write(modelsDirectory, HugeName, JsonSerializer.Serialize(new { name = new string('n', 5 << 20) }));
        Write(modelsDirectory, BidiName, JsonSerializer.Serialize(new { name = "tiny\u202Eevil" }));
    }

    static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
