using System.Globalization;
using Cortex.Web.Contracts;
using System.Reflection;
using System.Text;

namespace Cortex.Web.Services;

/// <summary>One row of a comparison's table: what it is, each run's value in the runs' order, and whether they differ.</summary>
public sealed record ComparisonRow(string Name, IReadOnlyList<string> Values)
{
    public bool Differs => Values.Distinct().Count() > 1;
}

/// <summary>The overlap of two runs' token sets for one concept: shared ids, all ids, and their Jaccard index.</summary>
public sealed record TokenOverlap(string Concept, string First, string Second, int Shared, int Union)
{
    public double Jaccard => Union == 0 ? 0 : (double)Shared / Union;
}

/// <summary>What a comparison of runs puts side by side: their settings, their figures and their token sets.</summary>
public static class RunComparison
{
    public const int MinRuns = 2, MaxRuns = 8;

    static readonly PropertyInfo[] ParameterProperties = typeof(ExperimentParameters).GetProperties();

    /// <summary>The runs' method, model, concepts and every parameter, one row each.</summary>
    public static IReadOnlyList<ComparisonRow> Parameters(IReadOnlyList<ExperimentDocument> runs, IReadOnlyDictionary<string, string> conceptNames) =>
    [
        new("method", [.. runs.Select(r => ExperimentMethodNames.Name(r.Method))]),
        new("model", [.. runs.Select(r => r.ModelId)]),
        new("concepts", [.. runs.Select(r => string.Join(", ", r.ConceptIds.Select(c => conceptNames.GetValueOrDefault(c, c))))]),
        .. ParameterProperties.Select(p => new ComparisonRow(p.Name, [.. runs.Select(r => Text(p.GetValue(r.Parameters)))])),
    ];

    /// <summary>Every figure any of the runs has, named in words, with "" where a run lacks it.</summary>
    public static IReadOnlyList<ComparisonRow> Figures(IReadOnlyList<ExperimentDocument> runs) =>
    [
        .. runs.SelectMany(r => r.Summary?.Figures.Keys.AsEnumerable() ?? []).Distinct().Order(StringComparer.Ordinal)
            .Select(key => new ComparisonRow(FigureNames.Describe(key),
                [.. runs.Select(r => r.Summary?.Figures.TryGetValue(key, out var v) == true ? Text(v) : "")])),
    ];

    /// <summary>For every pair of runs and every concept both have a token set for, the sets' overlap.</summary>
    public static IReadOnlyList<TokenOverlap> Overlaps(IReadOnlyList<ExperimentDocument> runs)
    {
        var overlaps = new List<TokenOverlap>();
        for (var i = 0; i < runs.Count; i++)
        for (var j = i + 1; j < runs.Count; j++)
        {
            var (first, second) = (runs[i].Summary?.TokenSets ?? [], runs[j].Summary?.TokenSets ?? []);
            foreach (var concept in first.Keys.Intersect(second.Keys).Order(StringComparer.Ordinal))
            {
                var a = first[concept].Select(t => t.Token).ToHashSet();
                var b = second[concept].Select(t => t.Token).ToHashSet();
                overlaps.Add(new TokenOverlap(concept, runs[i].Name, runs[j].Name, a.Intersect(b).Count(), a.Union(b).Count()));
            }
        }
        return overlaps;
    }

    /// <summary>The runs' parameters and figures as one CSV table, a column per run.</summary>
    public static string Csv(IReadOnlyList<ExperimentDocument> runs, IReadOnlyDictionary<string, string> conceptNames)
    {
        var csv = new StringBuilder("what,").AppendJoin(',', runs.Select(r => ChartData.Csv($"{r.Name} ({r.Id})"))).Append('\n');
        foreach (var row in Parameters(runs, conceptNames).Concat(Figures(runs)))
            csv.Append(ChartData.Csv(row.Name)).Append(',').AppendJoin(',', row.Values.Select(ChartData.Csv)).Append('\n');
        return csv.ToString();
    }

    /// <summary>The run ids a comparison's link names, or why they are not 2 to 8 distinct ids.</summary>
    public static (IReadOnlyList<string> Ids, string? Error) ParseIds(string? ids)
    {
        var list = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        return list.Count is >= MinRuns and <= MaxRuns
            ? (list, null)
            : (list, $"A comparison takes {MinRuns} to {MaxRuns} different runs; this link names {list.Count}. Select them in the experiments list.");
    }

    static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join(" ", list.Cast<object>()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
