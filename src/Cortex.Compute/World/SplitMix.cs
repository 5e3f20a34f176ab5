namespace Cortex.Compute.World;

/// <summary>
/// A tiny deterministic random generator (SplitMix64). The world must render the same pixels from
/// the same seed on every machine and every .NET version, which <see cref="Random"/> does not promise.
/// </summary>
public sealed class SplitMix(ulong seed)
{
    ulong _state = seed;

    /// <summary>A generator for item <paramref name="index"/> of a stream, independent of the others.</summary>
    public static SplitMix For(int seed, long index) =>
        new(Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ Mix((ulong)index + 0x632BE59BD9B4E019UL)));

    public ulong NextULong() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [low, high).</summary>
    public int Next(int low, int high) => low + (int)(NextDouble() * (high - low));

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
