using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Extractors;

/// <summary>One layer of an extractor: its name and the state-dict keys (parameters and buffers) it owns.</summary>
public sealed record ExtractorLayer(string Name, IReadOnlyList<string> Keys);

/// <summary>
/// An extractor's layers from the top (the output) down, read from its module tree so that any architecture
/// works without listing them by hand: containers (Sequential, ModuleList) are opened, every other child
/// that holds state is one layer, a normalization layer belongs to the layer before it (it normalizes that
/// layer's output), and a module's own parameters — a transformer's CLS token and position table — form one
/// layer at the input end.
/// </summary>
public static class ExtractorLayers
{
    public static IReadOnlyList<ExtractorLayer> FromTop(Module module)
    {
        var layers = new List<(string Name, List<string> Keys)>();
        Walk(module, "", layers);
        return layers.AsEnumerable().Reverse().Select(l => new ExtractorLayer(l.Name, l.Keys)).ToList();
    }

    /// <summary>Copies <paramref name="layer"/>'s parameters and buffers from <paramref name="source"/> into <paramref name="target"/>, in place; the rest of <paramref name="target"/> is untouched.</summary>
    public static void Reinitialize(Module target, Module source, ExtractorLayer layer)
    {
        var to = target.state_dict();
        var from = source.state_dict();
        using var _ = no_grad();
        foreach (var key in layer.Keys) to[key].copy_(from[key]);
    }

    static void Walk(Module module, string prefix, List<(string Name, List<string> Keys)> layers)
    {
        var own = module.named_parameters(recurse: false).Select(p => p.name).Concat(module.named_buffers(recurse: false).Select(b => b.name)).ToList();
        if (own.Count > 0) layers.Add((prefix + string.Join("+", own), own.Select(name => prefix + name).ToList()));
        foreach (var (name, child) in module.named_children())
        {
            var path = prefix + name;
            if (IsContainer(child))
            {
                Walk(child, path + ".", layers);
                continue;
            }
            var keys = child.state_dict().Keys.Select(key => $"{path}.{key}").ToList();
            if (keys.Count == 0) continue;
            if (IsNormalization(child) && layers.Count > 0) layers[^1].Keys.AddRange(keys);
            else layers.Add((path, keys));
        }
    }

    static bool IsContainer(Module module) =>
        module is Sequential || module.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ModuleList<>);

    static bool IsNormalization(Module module) => module is SafeBatchNorm2d or TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.LayerNorm or TorchSharp.Modules.GroupNorm;
}
