using System.Diagnostics;
using Cortex.Compute.Concepts;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Extractors;
using Cortex.Compute.Importance;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Probing;
using Cortex.Compute.Runs;
using Cortex.Compute.World;

namespace Cortex.Compute.Benchmarks;

/// <summary>
/// How long a probe answers on the built-in model, as the dashboard asks for one: the extractor read back from its
/// stored weights, one more token replaced in an encoded world image, then <see cref="Probe.Answer"/> (decode, every
/// evaluator, the extractor, the TIS map) — per TIS method, since the run's method decides the TIS part's cost.
/// </summary>
public static class ProbeBenchmark
{
    const int Concepts = 2;

    public static ProbeBench Run(BuiltInModel model, int probes, CancellationToken cancellationToken = default)
    {
        var hosted = new RunModel(model, model.Judges, new PriorSampling(), model);
        var (first, second) = (ClassTable.All[0], ClassTable.All[1]);
        using var set = SupportSets.Encode(model, new Renderer(model.World.Unbiased), first, 1, seed: 1);
        var grid = set.Tokens.cpu().contiguous().data<long>().ToArray();
        byte[] weights;
        using (var trained = ExtractorFactory.CreateSeeded(1, ExtractorArchitecture.Cnn, model.EmbeddingDim, model.GridSize, Concepts)) weights = ExtractorWeights.Write(trained);
        var random = new Random(1);
        var methods = new List<ProbeMethodBench>();
        foreach (var method in Enum.GetValues<ImportanceMethod>())
        {
            var importance = new ImportanceOptions { Method = method };
            var times = new List<double>();
            // The first probe (not counted) pays for one-time allocations, as the page's first probe of the original does.
            for (var i = 0; i <= probes; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                grid[random.Next(grid.Length)] = random.Next(model.CodebookSize);
                var clock = Stopwatch.StartNew();
                using (var extractor = ExtractorWeights.Load(weights, ExtractorArchitecture.Cnn, model, Concepts))
                    Probe.Answer(hosted, extractor, grid, 0, [first.Id, second.Id], importance);
                if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            methods.Add(new ProbeMethodBench(ImportanceNames.Name(method), probes, Round(Statistics.Median(times)), Round(Percentile(times, 0.95)), Round(times.Max())));
        }
        var sideBySide = Stopwatch.StartNew();
        using (var extractor = ExtractorWeights.Load(weights, ExtractorArchitecture.Cnn, model, Concepts))
            Probe.Methods(hosted, extractor, grid, 0, Concepts, new ImportanceOptions());
        return new ProbeBench($"built-in {model.GridSize}×{model.GridSize}, K {model.CodebookSize}, {model.Judges.Count} evaluators, CNN extractor",
            methods, Round(sideBySide.Elapsed.TotalMilliseconds));
    }

    /// <summary>Nearest rank: the smallest value at least the fraction <paramref name="q"/> of the values do not exceed.</summary>
    static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    static double Round(double value) => Math.Round(value, 1);
}

/// <summary>Probe answer times in milliseconds per TIS method, and one side-by-side computation of all five methods.</summary>
public sealed record ProbeBench(string Size, IReadOnlyList<ProbeMethodBench> Methods, double SideBySideMs)
{
    public IEnumerable<string> Summary() =>
        Methods.Select(m => $"probe ({Size}, TIS {m.Method}): p50 {m.P50Ms} ms, p95 {m.P95Ms} ms, max {m.MaxMs} ms over {m.Probes} probes")
            .Append($"probe side by side, all five TIS methods ({Size}): {SideBySideMs} ms");
}

public sealed record ProbeMethodBench(string Method, int Probes, double P50Ms, double P95Ms, double MaxMs);
