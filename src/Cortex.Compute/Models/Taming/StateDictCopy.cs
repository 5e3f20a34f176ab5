using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>
/// Moves checkpoint tensors into a module whose parameter and buffer names are taming's. Every key
/// and shape is checked before anything is copied; each source tensor is freed as soon as it has been
/// copied, so loading needs the module plus the file's tensors at most, never a third copy.
/// </summary>
static class StateDictCopy
{
    /// <summary>Copies and consumes <paramref name="tensors"/>; the messages name the key and the shapes.</summary>
    /// <param name="configSource">where the expected shapes came from, for the messages</param>
    public static void Into(Module module, Dictionary<string, Tensor> tensors, string configSource)
    {
        var targets = module.state_dict();
        var missing = targets.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new ModelLoadException($"key '{missing[0]}' is missing{More(missing)}; a taming model with {configSource} has it.");
        var unexpected = tensors.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        if (unexpected.Count > 0)
            throw new ModelLoadException($"key '{unexpected[0]}'{More(unexpected)} is not part of a taming model with {configSource}.");
        foreach (var (key, target) in targets)
        {
            var source = tensors[key];
            if (!source.shape.SequenceEqual(target.shape))
                throw new ModelLoadException($"key '{key}' has shape {Shape(source.shape)}, but {configSource} call for {Shape(target.shape)}.");
            if (!source.is_floating_point() && target.is_floating_point())
                throw new ModelLoadException($"key '{key}' holds {source.dtype} values where weights of a floating-point type belong.");
        }
        using var _ = no_grad();
        foreach (var (key, target) in targets)
        {
            target.copy_(tensors[key]);
            tensors.Remove(key, out var copied);
            copied!.Dispose();
        }
    }

    static string More(List<string> keys) => keys.Count > 1 ? $" (and {keys.Count - 1} more)" : "";

    static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
