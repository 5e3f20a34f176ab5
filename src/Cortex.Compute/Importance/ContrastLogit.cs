using static TorchSharp.torch.nn;

namespace Cortex.Compute.Importance;

/// <summary>
/// An extractor seen through one logit, f_target − f_source. Its TIS marks the tokens that tell the two
/// concepts apart rather than the tokens that tell the source from every class: for neighbours that differ
/// only by a marking, the shared object and background cancel and the marking is left. The extractor is
/// not registered as a submodule, so disposing this view leaves it alone; it must be in eval mode, since
/// TIS takes per-image gradients from one batched backward pass.
/// </summary>
public sealed class ContrastLogit : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> extractor;
    readonly int source;
    readonly int target;

    public ContrastLogit(Module<Tensor, Tensor> extractor, int source, int target) : base(nameof(ContrastLogit))
    {
        if (extractor.training) throw new ArgumentException("The extractor must be in eval mode before its logits are contrasted.", nameof(extractor));
        if (source == target) throw new ArgumentException($"The source and target concept are both {source}: their contrast is zero everywhere.");
        (this.extractor, this.source, this.target) = (extractor, source, target);
    }

    /// <returns>[B, 1]: f_target − f_source of each grid</returns>
    public override Tensor forward(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var logits = extractor.call(embeddings);
        return (logits[.., target] - logits[.., source]).unsqueeze(1).MoveToOuterDisposeScope();
    }
}
