using Cortex.Server.Storage;
using Cortex.Web.Services;
using LiteDB;

namespace Cortex.Server.Experiments;

/// <summary>
/// The runs table's page, filtered, ordered and paged in the database (<see cref="RunColumns"/> names the columns, this maps
/// them to stored fields), so thousands of experiments cost one page to show. The headline metrics are stored with each
/// document (<see cref="StoredExperiment.Headline"/>), so they order and filter like any field.
/// </summary>
public static class RunsTable
{
    /// <summary>Every sortable or filterable column's stored field, by column key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        ["name"] = "$.Name", ["status"] = "$.Status", ["method"] = "$.Method", ["model"] = "$.ModelId",
        ["extractor"] = "$.Parameters.Extractor", ["tis"] = "$.Parameters.TisMethod", ["reduction"] = "$.Parameters.Reduction",
        ["images"] = "$.Parameters.ImagesPerConcept", ["top_n"] = "$.Parameters.TopN", ["token_num"] = "$.Parameters.TokenNum",
        ["steps"] = "$.Parameters.Steps", ["learning_rate"] = "$.Parameters.LearningRate", ["seed"] = "$.Parameters.Seed",
        ["target_prob"] = "$.Headline.TargetProbability", ["deletion_auc"] = "$.Headline.DeletionAuc",
        ["masking_drop"] = "$.Headline.MaskingDrop", ["cliffs_delta"] = "$.Headline.CliffsDelta", [RunColumns.Created] = "$.CreatedAt",
    };

    /// <param name="warnedOnly">only runs that succeeded with warnings (<see cref="StoredExperiment.SucceededWithWarnings"/>, stored with each document)</param>
    public static IReadOnlyList<StoredExperiment> Page(CortexDatabase database, string workspace, ExperimentStatus? status, bool warnedOnly,
        ExperimentQuery request, out int total)
    {
        var filters = (request.Filters ?? new Dictionary<string, string>()).Select(f => RunFilter.Parse(f.Key, f.Value))
            .Select(p => p.Filter ?? throw new ArgumentException(p.Error, nameof(request))).Where(f => f.Text.Length > 0).ToList();
        ILiteQueryable<StoredExperiment> Matching()
        {
            // Compared as an expression, not by its index: LiteDB then reads the runs in the order's index (newest first, a metric)
            // and stops at the page, where the workspace's index would make it load and sort every run of the workspace.
            var query = database.Experiments.Query().Where("STRING($.WorkspaceId) = @0", workspace);
            if (status is { } s) query = query.Where(e => e.Status == s);
            if (warnedOnly) query = query.Where(e => e.SucceededWithWarnings == true);
            if (request.ConceptId is { } conceptId) query = query.Where("$.ConceptIds[*] ANY = @0", conceptId);
            return filters.Aggregate(query, (q, filter) => Apply(q, filter, database, workspace));
        }

        total = Matching().Count();
        var (field, skip, take) = (Fields[request.Sort ?? RunColumns.Created], (request.Page - 1) * request.PageSize, request.PageSize);
        if (request.Descending || RunColumns.Find(request.Sort ?? RunColumns.Created)!.Kind != RunColumnKind.Number)
            // Descending, a run without the number comes last by itself: to the database a missing value is the least.
            return Matching().OrderBy(field, request.Descending ? LiteDB.Query.Descending : LiteDB.Query.Ascending).Skip(skip).Limit(take).ToList();
        // Ascending, blanks come last too, as a spreadsheet puts them: first the runs with the number (a range of its index,
        // in order), then the others, newest first.
        // Any number the table holds is above this; double.MinValue would overflow LiteDB's comparison through decimal.
        const double Least = -1e27;
        var numbered = $"{field} >= @0";
        var page = Matching().Where(numbered, Least).OrderBy(field).Skip(skip).Limit(take).ToList();
        if (page.Count == take) return page;
        var before = Matching().Where(numbered, Least).Count();
        return [.. page, .. Matching().Where($"IS_NUMBER({field}) = false").OrderBy(Fields[RunColumns.Created], LiteDB.Query.Descending)
            .Skip(Math.Max(0, skip - before)).Limit(take - page.Count).ToList()];
    }

    /// <summary>Why the runs cannot be sorted as asked; null when they can.</summary>
    public static string? SortError(string? sort) => sort is null || RunColumns.Find(sort) is { Sortable: true }
        ? null
        : $"The runs cannot be sorted by \"{sort}\"; sortable columns are {string.Join(", ", RunColumns.All.Where(c => c.Sortable).Select(c => c.Key))}.";

    static ILiteQueryable<StoredExperiment> Apply(ILiteQueryable<StoredExperiment> query, RunFilter filter, CortexDatabase database, string workspace)
    {
        switch (filter.Column)
        {
            // Matched by the names people read, not the stored values ("codebook-level", a concept's name).
            case "method":
                return AnyOf(query, "$.Method", Enum.GetValues<ExperimentMethod>()
                    .Where(m => ExperimentMethodNames.Name(m).Contains(filter.Text, StringComparison.OrdinalIgnoreCase)).Select(m => m.ToString()));
            case "concepts":
                var names = database.Concepts.Query().Where(c => c.WorkspaceId == workspace).Select(c => new { c.Id, c.Name }).ToList();
                return AnyOf(query, "$.ConceptIds[*] ANY", names.Where(c => c.Name.Contains(filter.Text, StringComparison.OrdinalIgnoreCase)).Select(c => c.Id));
        }
        var field = Fields[filter.Column];
        return filter.Kind switch
        {
            RunColumnKind.Text => query.Where($"INDEXOF(LOWER({field}), @0) >= 0", filter.Text.ToLowerInvariant()),
            // A run without the figure is no match: to the database a missing value is less than every number.
            RunColumnKind.Number => query.Where($"IS_NUMBER({field}) = true AND {field} {filter.Operator} @0", filter.Number),
            _ => query.Where($"IS_DATETIME({field}) = true AND {field} {filter.Operator} @0", filter.Time),
        };
    }

    /// <summary>Runs whose <paramref name="field"/> equals one of <paramref name="values"/>; none when there are none.</summary>
    static ILiteQueryable<StoredExperiment> AnyOf(ILiteQueryable<StoredExperiment> query, string field, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return query.Where("1 = 0");
        return query.Where(string.Join(" OR ", list.Select((_, i) => $"{field} = @{i}")), [.. list.Select(v => new BsonValue(v))]);
    }
}
