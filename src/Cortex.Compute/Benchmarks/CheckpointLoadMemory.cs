using Cortex.Compute.Models.Taming;
using TorchSharp.PyBridge;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// How much memory loading a taming checkpoint takes: the benchmark's random-weight cin transformer is
/// written as a safetensors file, and the process's peak resident memory is reset (Linux
/// <c>/proc/self/clear_refs</c>) just before <see cref="TamingLoader"/> reads it back, so the peak's rise is
/// the load's own cost — to compare with the file's size.
/// </summary>
public static class CheckpointLoadMemory
{
    public static CheckpointLoadBench? Measure(CinTransformer transformer, TamingBenchSize size)
    {
        if (!File.Exists("/proc/self/clear_refs")) return null;
        var directory = Directory.CreateTempSubdirectory("cortex-load-memory-").FullName;
        try
        {
            var path = Path.Combine(directory, "cin_transformer.safetensors");
            transformer.save_safetensors(path);
            var fileBytes = new FileInfo(path).Length;
            GC.Collect();
            File.WriteAllText("/proc/self/clear_refs", "5");
            var before = Status("VmRSS");
            using (TamingLoader.Load(path, new TamingLoadOptions { Heads = size.Gpt.NHead, Resolution = size.Vqgan.Dd.Resolution, Classes = size.Classes }))
            {
                var peak = Status("VmHWM");
                return new CheckpointLoadBench(Mib(fileBytes), Mib(peak - before), Math.Round((double)(peak - before) / fileBytes, 2));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A /proc/self/status figure in bytes (the file gives kB).</summary>
    static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0]) * 1024;

    static double Mib(long bytes) => Math.Round(bytes / 1048576.0, 1);
}

/// <summary>A checkpoint's size and the rise of peak resident memory while loading it.</summary>
public sealed record CheckpointLoadBench(double FileMib, double PeakRiseMib, double PeakToFile)
{
    public string Summary() => $"taming checkpoint load: {FileMib} MiB safetensors file, peak resident memory rose {PeakRiseMib} MiB while loading ({PeakToFile:F2}× the file)";
}
