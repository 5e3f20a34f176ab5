using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Models.BuiltIn;

/// <summary>
/// Multi-head self-attention, causal or bidirectional; with a cache (causal only), new positions
/// attend to every cached one.
/// </summary>
public sealed class SelfAttention : Module<Tensor, Tensor>
{
    readonly Linear qkv;
    readonly Linear proj;
    readonly int _heads;
    readonly bool _causal;

    public SelfAttention(int dim, int heads, bool causal) : base(nameof(SelfAttention))
    {
        qkv = Linear(dim, 3 * dim);
        proj = Linear(dim, dim);
        _heads = heads;
        _causal = causal;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Attend(x, cache: null);

    /// <param name="x">[B, T, d]</param>
    /// <param name="cache">keys and values of earlier positions, extended in place</param>
    public Tensor Attend(Tensor x, LayerCache? cache)
    {
        using var scope = NewDisposeScope();
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.call(x).view(b, t, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4); // [3, B, h, T, d/h]
        Tensor q = parts[0], k = parts[1], v = parts[2];
        var causal = _causal;
        if (cache is not null)
        {
            (k, v) = cache.Append(k, v);
            // A single new position may see the whole cache; longer chunks keep the causal mask.
            causal = t > 1;
        }
        var attended = functional.scaled_dot_product_attention(q, k, v, is_casual: causal);
        return proj.call(attended.transpose(1, 2).reshape(b, t, d)).MoveToOuterDisposeScope();
    }
}

/// <summary>Keys and values of one layer for incremental decoding.</summary>
public sealed class LayerCache : IDisposable
{
    Tensor? _keys;
    Tensor? _values;

    public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
    {
        var newKeys = _keys is null ? keys.detach().clone() : cat([_keys, keys], 2);
        var newValues = _values is null ? values.detach().clone() : cat([_values, values], 2);
        _keys?.Dispose();
        _values?.Dispose();
        _keys = newKeys.DetachFromDisposeScope();
        _values = newValues.DetachFromDisposeScope();
        return (_keys, _values);
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _values?.Dispose();
    }
}
