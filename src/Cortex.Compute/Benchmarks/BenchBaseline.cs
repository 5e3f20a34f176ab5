using System.Globalization;
using System.Text.Json.Nodes;

namespace Cortex.Compute.Benchmarks;

/// <summary>One measured number of a bench.json, named by where it sits, e.g. <c>tis[gradient, VQGAN 16×16, …, batch 32].speedup</c>.</summary>
public sealed record BenchFigure(string Name, double Value);

/// <summary>A figure of this run against the same figure of the baseline; <see cref="Ratio"/> is this run's value over the baseline's.</summary>
public sealed record BenchChange(string Name, double Baseline, double Current)
{
    public double Ratio => Current / Baseline;
}

/// <summary>Figures measured in both runs, only in this run, and only in the baseline.</summary>
public sealed record BenchComparison(IReadOnlyList<BenchChange> Changes, IReadOnlyList<BenchFigure> New, IReadOnlyList<BenchFigure> Missing)
{
    public IEnumerable<string> Lines()
    {
        foreach (var change in Changes)
        {
            var ratio = change.Baseline == 0 || !double.IsFinite(change.Ratio) ? "no ratio" : $"{change.Ratio:F2}×";
            yield return $"{change.Name}: {Number(change.Current)} vs {Number(change.Baseline)} — {ratio}";
        }
        foreach (var figure in New) yield return $"{figure.Name}: {Number(figure.Value)} — new, not in the baseline";
        foreach (var figure in Missing) yield return $"{figure.Name}: not measured in this run (baseline {Number(figure.Value)})";
    }

    static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>
/// Compares a bench.json with a committed one, figure by figure, so that a regression shows in one run.
/// An element of a list is named by its text fields and its parameters (batch, samples, region,
/// clients), not by its place, so that figures added or left out elsewhere do not shift the pairs.
/// </summary>
public static class BenchBaseline
{
    static readonly HashSet<string> Parameters = ["batch", "samples", "region", "clients"];
    /// <summary>Not measurements: where and when the bench ran, and its summary sentences.</summary>
    static readonly HashSet<string> Context = ["machine", "summary"];

    public static BenchComparison Compare(JsonNode baseline, JsonNode current)
    {
        var then = Figures(baseline);
        var before = then.ToDictionary(f => f.Name, f => f.Value);
        var now = Figures(current);
        var names = now.Select(f => f.Name).ToHashSet();
        return new BenchComparison(
            now.Where(f => before.ContainsKey(f.Name)).Select(f => new BenchChange(f.Name, before[f.Name], f.Value)).ToList(),
            now.Where(f => !before.ContainsKey(f.Name)).ToList(),
            then.Where(f => !names.Contains(f.Name)).ToList());
    }

    /// <summary>Every number of a bench.json outside its machine and summary, with its name (a name met twice gets " #2").</summary>
    public static IReadOnlyList<BenchFigure> Figures(JsonNode report)
    {
        if (report is not JsonObject root) throw new ArgumentException("A bench.json holds one JSON object.");
        var seen = new Dictionary<string, int>();
        return root.Where(p => !Context.Contains(p.Key) && p.Value is not null)
            .SelectMany(p => Walk(p.Value!, p.Key, inList: false))
            .Select(f => (seen[f.Name] = seen.GetValueOrDefault(f.Name) + 1) == 1 ? f : f with { Name = $"{f.Name} #{seen[f.Name]}" })
            .ToList();
    }

    static IEnumerable<BenchFigure> Walk(JsonNode node, string name, bool inList) => node switch
    {
        JsonObject o => o.Where(p => p.Value is not null && !(inList && Parameters.Contains(p.Key))).SelectMany(p => Walk(p.Value!, $"{name}.{p.Key}", inList: false)),
        JsonArray a => a.Select((item, i) => (item, i)).Where(x => x.item is not null).SelectMany(x => Walk(x.item!, $"{name}[{Identity(x.item!, x.i)}]", inList: true)),
        JsonValue v when Number(v) is { } value => [new BenchFigure(name, value)],
        _ => [],
    };

    /// <summary>
    /// An object in a list: its text fields and parameters, in order ("gradient, VQGAN 16×16, D 256, batch 32");
    /// a number without either by its place. The parameters themselves are not compared.
    /// </summary>
    static string Identity(JsonNode item, int index)
    {
        if (item is not JsonObject o) return index.ToString(CultureInfo.InvariantCulture);
        var parts = o.Where(p => p.Value is JsonValue v && (Parameters.Contains(p.Key) || Number(v) is null && v.TryGetValue<string>(out _)))
            .Select(p => Parameters.Contains(p.Key) ? $"{p.Key} {p.Value}" : p.Value!.GetValue<string>())
            .ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A JSON number, or NaN/±Infinity written as text (how .NET writes them); not true/false or other text.</summary>
    static double? Number(JsonValue value) =>
        value.TryGetValue<double>(out var number) ? number
        : value.TryGetValue<string>(out var text) && text is "NaN" or "Infinity" or "-Infinity" ? double.Parse(text, CultureInfo.InvariantCulture)
        : null;
}
