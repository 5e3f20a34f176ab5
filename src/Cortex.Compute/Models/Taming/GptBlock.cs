using Cortex.Compute.Models.BuiltIn;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.Taming;

/// <summary>minGPT's pre-LayerNorm block: x + attn(ln1(x)), then x + mlp(ln2(x)) with an exact (erf) GELU.</summary>
public sealed class GptBlock : Module<Tensor, Tensor>
{
    readonly LayerNorm ln1;
    readonly LayerNorm ln2;
    readonly CausalSelfAttention attn;
    readonly Sequential mlp;

    public GptBlock(GptConfig config) : base(nameof(GptBlock))
    {
        ln1 = LayerNorm(config.NEmbd);
        ln2 = LayerNorm(config.NEmbd);
        attn = new CausalSelfAttention(config);
        // Indices 0 and 2 as in taming's nn.Sequential(Linear, GELU, Linear, Dropout); the dropout is p = 0.
        mlp = Sequential(Linear(config.NEmbd, 4 * config.NEmbd), GELU(), Linear(4 * config.NEmbd, config.NEmbd));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Step(x, 0, cache: null);

    public Tensor Step(Tensor x, int past, LayerCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = x.Plus(attn.Attend(ln1.call(x), past, cache));
        return h.Plus(mlp.call(ln2.call(h))).MoveToOuterDisposeScope();
    }
}
