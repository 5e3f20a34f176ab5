using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Cortex.BrowserBench;

/// <summary>What the benchmark found, against its targets; written as JSON beside the other benchmarks.</summary>
sealed record BenchReport(BenchReport.MachineInfo Machine, BenchReport.PageLoads FirstPageLoads, BenchReport.LiveFrames LiveView)
{
    const double LoadTargetMs = 1_000;
    const double FpsTarget = 10;

    public sealed record MachineInfo(string Date, int ProcessorCount, string Os, string Browser);

    public sealed record PageLoads(int ExperimentsStored, int ColdLoads, double TargetMs, IReadOnlyList<PageLoad> Pages);

    /// <summary>One page's loads; it meets the target when the median load shows its content within it.</summary>
    public sealed record PageLoad(string Path, string Content, double MedianContentVisibleMs, double MedianInteractiveMs,
        IReadOnlyList<double> ContentVisibleMs, IReadOnlyList<double> InteractiveMs, bool MeetsTarget);

    /// <summary>The Live tab during one run; it meets the target when every whole second drew at least that many frames.</summary>
    public sealed record LiveFrames(int Steps, int DecodeEvery, int FramesReceived, int FramesDrawn, double DrawingSeconds, int OneSecondWindows,
        double MeanFps, double MinFps, IReadOnlyList<double> FpsPerSecond, double ComputeStepsPerSecond, double TargetFps, bool MeetsTarget);

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static BenchReport Create(string browser, int experiments, IReadOnlyList<PageLoadBenchmark.Result> pages, LiveFrameBenchmark.Result live) => new(
        new MachineInfo(DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Environment.ProcessorCount, OperatingSystem(), $"Chromium {browser}"),
        new PageLoads(experiments, pages[0].ContentVisibleMs.Count, LoadTargetMs, [.. pages.Select(p => new PageLoad(p.Path, p.Content,
            Round(p.MedianContentVisibleMs), Round(p.MedianInteractiveMs), [.. p.ContentVisibleMs.Select(Round)], [.. p.InteractiveMs.Select(Round)],
            p.MedianContentVisibleMs < LoadTargetMs))]),
        new LiveFrames(live.Steps, live.DecodeEvery, live.FramesReceived, live.FramesDrawn, Round(live.DrawingSeconds), live.Windows.Count,
            Round(live.Windows.Average()), live.Windows.Min(), live.Windows, Round(live.ComputeStepsPerSecond), FpsTarget, live.Windows.Min() >= FpsTarget));

    public string ToTable()
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"First-page load, {FirstPageLoads.ExperimentsStored} experiments stored, median of {FirstPageLoads.ColdLoads} cold loads (target < {LoadTargetMs:0} ms)");
        table.AppendLine(CultureInfo.InvariantCulture, $"  {"page",-14} {"content visible",16} {"interactive",12}  target");
        foreach (var page in FirstPageLoads.Pages)
            table.AppendLine(CultureInfo.InvariantCulture, $"  {page.Path,-14} {page.MedianContentVisibleMs,13:0} ms {page.MedianInteractiveMs,9:0} ms  {Verdict(page.MeetsTarget)}");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Live tab, {LiveView.Steps} steps decoded every step, {LiveView.OneSecondWindows} one-second windows (target >= {FpsTarget:0} fps)");
        table.AppendLine(CultureInfo.InvariantCulture, $"  frames received {LiveView.FramesReceived}, drawn {LiveView.FramesDrawn} in {LiveView.DrawingSeconds:0.0} s; compute {LiveView.ComputeStepsPerSecond:0.0} steps/s");
        table.AppendLine(CultureInfo.InvariantCulture, $"  fps mean {LiveView.MeanFps:0.0}, min {LiveView.MinFps:0.0}  {Verdict(LiveView.MeetsTarget)}");
        return table.ToString();
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + Environment.NewLine);
    }

    static string Verdict(bool meets) => meets ? "met" : "MISSED";

    static double Round(double value) => Math.Round(value, 1);

    // The distribution's name where it says one (as the other benchmarks report it), else the runtime's description.
    static string OperatingSystem()
    {
        const string release = "/etc/os-release";
        var name = File.Exists(release)
            ? File.ReadLines(release).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        return name ?? RuntimeInformation.OSDescription;
    }
}
