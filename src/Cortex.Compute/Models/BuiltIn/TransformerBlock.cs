using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>Pre-LayerNorm transformer block: x + attn(ln(x)), then x + mlp(ln(x)) with GELU.</summary>
public sealed class TransformerBlock : Module<Tensor, Tensor>
{
    readonly LayerNorm ln1;
    readonly SelfAttention attn;
    readonly LayerNorm ln2;
    readonly Sequential mlp;

    public TransformerBlock(int dim, int heads, bool causal = true) : base(nameof(TransformerBlock))
    {
        ln1 = LayerNorm(dim);
        attn = new SelfAttention(dim, heads, causal);
        ln2 = LayerNorm(dim);
        mlp = Sequential(Linear(dim, 4 * dim), GELU(), Linear(4 * dim, dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Step(x, cache: null);

    public Tensor Step(Tensor x, LayerCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = x.Plus(attn.Attend(ln1.call(x), cache));
        return h.Plus(mlp.call(ln2.call(h))).MoveToOuterDisposeScope();
    }
}
