namespace Cortex.Compute.Native;

/// <summary>
/// Seeded random draws for tensors on any device. TorchSharp 0.107 makes every <see cref="Generator"/>
/// a CPU one (its native constructor ignores the device), and libtorch refuses a CPU generator for a
/// CUDA tensor. A draw for a GPU tensor therefore comes from that GPU's default generator, seeded for
/// the draw from the caller's generator: each run is still one seeded stream, and a lock keeps other
/// threads from drawing between the seeding and the draw. CPU draws use the caller's generator as before.
/// </summary>
public static class DeviceRandom
{
    static readonly Lock CudaDefault = new();

    /// <summary>Uniform on [0, 1).</summary>
    public static Tensor Uniform(long[] shape, Generator generator, Device device) =>
        device.type == DeviceType.CUDA ? OnDefault(generator, device, () => rand(shape, device: device)) : rand(shape, generator: generator, device: device);

    /// <summary>Standard normal.</summary>
    public static Tensor Normal(long[] shape, Generator generator, Device device) =>
        device.type == DeviceType.CUDA ? OnDefault(generator, device, () => randn(shape, device: device)) : randn(shape, generator: generator, device: device);

    /// <summary><paramref name="samples"/> draws per row of <paramref name="probabilities"/> [B, V] → [B, samples].</summary>
    public static Tensor Multinomial(Tensor probabilities, long samples, Generator generator) =>
        probabilities.device.type == DeviceType.CUDA
            ? OnDefault(generator, probabilities.device, () => multinomial(probabilities, samples))
            : multinomial(probabilities, samples, generator: generator);

    static Tensor OnDefault(Generator generator, Device device, Func<Tensor> draw)
    {
        using var next = randint(long.MaxValue, [1], generator: generator);
        var seed = next.item<long>();
        lock (CudaDefault)
        {
            cuda.manual_seed_all(seed);
            return draw();
        }
    }
}
