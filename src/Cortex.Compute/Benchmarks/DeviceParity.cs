using Cortex.Compute.Models;
using Cortex.Compute.Models.Taming;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// The taming-tiny fixture (checkpoints plus what the real taming code computed) reproduced on the
/// chosen device and on CPU: how far each is from the reference, and from each other. Token ids must
/// match exactly; images and logits within 1e-4.
/// </summary>
public static class DeviceParity
{
    public const double Tolerance = 1e-4;

    delegate Tensor Output(TamingModel model, Func<string, Tensor> reference);

    static readonly (string Name, string Reference, bool Exact, Output Compute)[] Outputs =
    [
        ("encode: token indices", "indices", true, (m, r) => m.Encode(r("x"))),
        ("decode(encode(x))", "dec", false, (m, r) => m.Decode(m.Encode(r("x")))),
        ("decode(code grid)", "dec_code", false, (m, r) => m.Decode(r("code_grid"))),
        ("minGPT logits", "gpt_logits", false, (m, r) => m.Transformer!.Gpt.call(r("gpt_in"))),
        ("Net2NetTransformer logits", "n2n_logits", false, (m, r) => m.Transformer!.call(r("class_label").flatten(), m.Encode(r("x")))),
        ("greedy sampling with the KV cache", "greedy_tokens", true, (m, r) => Greedy(m, r)),
        ("decode(greedy tokens)", "greedy_dec", false, (m, r) => m.Decode(Greedy(m, r))),
    ];

    /// <param name="fixture">A taming-tiny folder: cin_transformer_tiny.ckpt, cin_transformer_tiny.yaml, reference.safetensors.</param>
    public static ParityBench Run(string fixture, Device device)
    {
        var checkpoint = Path.Combine(fixture, "cin_transformer_tiny.ckpt");
        var reference = Path.Combine(fixture, "reference.safetensors");
        foreach (var file in new[] { checkpoint, reference })
            if (!File.Exists(file)) throw new FileNotFoundException($"The parity fixture lacks {file}; pass the taming-tiny folder (tests/data/taming-tiny).", file);
        var expected = Safetensors.LoadStateDict(reference);
        var options = new TamingLoadOptions { Config = Path.Combine(fixture, "cin_transformer_tiny.yaml") };
        using var onCpu = TamingLoader.Load(checkpoint, options);
        using var onDevice = TamingLoader.Load(checkpoint, options).To(device);
        using var _ = no_grad();
        var entries = new List<ParityEntry>();
        foreach (var (name, key, exact, compute) in Outputs)
        {
            using var scope = NewDisposeScope();
            var cpu = compute(onCpu, k => expected[k]);
            var gpu = compute(onDevice, k => expected[k].to(device)).cpu();
            entries.Add(new ParityEntry(name, key, exact, MaxAbs(gpu, expected[key]), MaxAbs(cpu, expected[key]), MaxAbs(gpu, cpu)));
        }
        foreach (var tensor in expected.Values) tensor.Dispose();
        return new ParityBench(Native.TorchRuntime.Name(device), entries);
    }

    static Tensor Greedy(TamingModel model, Func<string, Tensor> reference)
    {
        using var generator = new Generator(0, model.Device);
        return model.Prior!.Sample(reference("class_label").flatten(), new PriorSampling(TopK: 1), generator);
    }

    /// <summary>Largest absolute difference in float64; token grids are compared as the flat sequences the reference stores.</summary>
    static double MaxAbs(Tensor actual, Tensor expected)
    {
        if (actual.numel() != expected.numel())
            throw new InvalidOperationException($"Shape [{string.Join(", ", actual.shape)}] where the reference has [{string.Join(", ", expected.shape)}].");
        return actual.reshape(expected.shape).to(ScalarType.Float64).Plus(expected.to(ScalarType.Float64), -1).abs().max().item<double>();
    }

}

/// <summary>One output of the fixture: its largest absolute difference on the device and on CPU from the reference, and between the two.</summary>
public sealed record ParityEntry(string Output, string Reference, bool Exact, double DeviceVsReference, double CpuVsReference, double DeviceVsCpu)
{
    public bool Holds => Exact ? DeviceVsReference == 0 && DeviceVsCpu == 0 : DeviceVsReference <= DeviceParity.Tolerance && DeviceVsCpu <= DeviceParity.Tolerance;
}

public sealed record ParityBench(string Device, IReadOnlyList<ParityEntry> Entries)
{
    public bool Holds => Entries.All(e => e.Holds);

    public string Summary() =>
        $"taming-tiny on {Device} vs CPU and the reference: {(Holds ? "all within tolerance" : "NOT within tolerance")} — largest |Δ| to the reference "
        + $"{Entries.Max(e => e.DeviceVsReference):E2} ({Device}) vs {Entries.Max(e => e.CpuVsReference):E2} (cpu), between devices {Entries.Max(e => e.DeviceVsCpu):E2}; "
        + $"token ids {(Entries.Where(e => e.Exact).All(e => e.Holds) ? "identical" : "differ")}";
}
