using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>A built-in evaluator module seen through <see cref="IEvaluator"/>.</summary>
public sealed class ModuleEvaluator(string name, Module<Tensor, Tensor> module) : IEvaluator
{
    public string Name => name;

    public Tensor Logits(Tensor images) => module.call(images);
}
