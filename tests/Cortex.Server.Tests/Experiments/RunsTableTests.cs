using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Cortex.Server.Services;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using LiteDB;

namespace Cortex.Server.Tests.Experiments;

/// <summary>
/// The runs table is filtered, ordered and paged by the database, headline metrics included: they are stored with each
/// experiment, written again for the experiments of before by schema v6, and the REST list takes the same sort and filters.
/// </summary>
public sealed class RunsTableTests : IAsyncLifetime
{
    /// <summary>The schema before experiments stored their headline (v6 adds it).</summary>
    const int BeforeHeadline = 5;

    readonly string _data = Directory.CreateTempSubdirectory("cortex-runs-table-").FullName;
    ServerFixture? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    static StoredExperiment Run(string id, ExperimentMethod method, int steps, Dictionary<string, double> figures, string concept = "c1", int minutesAgo = 0) => new()
    {
        Id = id, Name = $"run {id}", ModelId = "builtin", ConceptIds = [concept], Method = method, Parameters = new StoredExperimentParameters { Steps = steps },
        Status = ExperimentStatus.Succeeded, CreatedBy = "tester", CreatedAt = DateTime.UtcNow.AddMinutes(-minutesAgo),
        Summary = new StoredExperimentSummary { Figures = figures },
    };

    static readonly StoredExperiment[] Runs =
    [
        Run("a", ExperimentMethod.Evaluation, 100, new() { ["deletion_auc.smoothgrad"] = 0.30, ["deletion_auc.gradient"] = 0.10 }, minutesAgo: 3),
        Run("b", ExperimentMethod.Evaluation, 300, new() { ["deletion_auc.smoothgrad"] = 0.20, ["masking.token.cnn.tis_drop"] = 0.4, ["masking.token.mlp.tis_drop"] = 0.2 }, minutesAgo: 2),
        Run("c", ExperimentMethod.CodebookLevel, 500, new() { ["codebook.cnn.target_prob_after"] = 0.9, ["codebook.mlp.target_prob_after"] = 0.7 }, "c2", minutesAgo: 1),
        Run("d", ExperimentMethod.ShortcutReview, 50, new() { ["shortcut.cliffs_delta.grass"] = 0.3, ["shortcut.cliffs_delta.sand"] = -0.8, ["shortcut.cliffs_delta_ci_low.sand"] = -0.9 }),
    ];

    CortexDatabase Seeded()
    {
        var database = CortexDatabase.Open(_data);
        database.Concepts.Insert(new StoredConcept { Id = "c1", Name = "red circle", ModelId = "builtin", CreatedBy = "t", UpdatedBy = "t" });
        database.Concepts.Insert(new StoredConcept { Id = "c2", Name = "blue square", ModelId = "builtin", CreatedBy = "t", UpdatedBy = "t" });
        foreach (var run in Runs) database.Experiments.Insert(run);
        return database;
    }

    static List<string> Ids(CortexDatabase database, ExperimentQuery query, out int total) =>
        [.. RunsTable.Page(database, Workspaces.DefaultId, null, false, query, out total).Select(e => e.Id)];

    [Fact]
    public void Headline_metrics_are_the_summary_figures_the_table_names()
    {
        Assert.Equal(new RunHeadline(null, 0.30, null, null), Runs[0].Headline);
        Assert.Equal(new RunHeadline(null, 0.20, 0.3, null), Runs[1].Headline);
        Assert.Equal(new RunHeadline(0.8, null, null, null), Runs[2].Headline);
        Assert.Equal(new RunHeadline(null, null, null, -0.8), Runs[3].Headline);
    }

    [Fact]
    public void Runs_sort_by_a_headline_metric_and_a_parameter_in_either_direction()
    {
        using var database = Seeded();

        Assert.Equal(["b", "a"], Ids(database, new ExperimentQuery(Sort: "deletion_auc", Descending: false, Filters: new Dictionary<string, string> { ["deletion_auc"] = "> 0" }), out _));
        // Runs without the figure come last, whichever the direction.
        Assert.Equal(["b", "a"], Ids(database, new ExperimentQuery(Sort: "deletion_auc", Descending: false), out _)[..2]);
        Assert.Equal(["a", "b"], Ids(database, new ExperimentQuery(Sort: "deletion_auc"), out _)[..2]);
        Assert.Equal(["c", "b", "a", "d"], Ids(database, new ExperimentQuery(Sort: "steps"), out _));
        Assert.Equal(["d", "a", "b", "c"], Ids(database, new ExperimentQuery(Sort: "steps", Descending: false), out _));
        Assert.Equal(["d", "c", "b", "a"], Ids(database, new ExperimentQuery(), out var total));
        Assert.Equal(4, total);
    }

    [Fact]
    public void Filters_match_numbers_by_comparison_and_names_as_people_read_them()
    {
        using var database = Seeded();

        Assert.Equal(["c", "b"], Ids(database, new ExperimentQuery(Filters: new Dictionary<string, string> { ["steps"] = ">= 300" }), out _));
        Assert.Equal(["c"], Ids(database, new ExperimentQuery(Filters: new Dictionary<string, string> { ["method"] = "codebook" }), out _));
        Assert.Equal(["c"], Ids(database, new ExperimentQuery(Filters: new Dictionary<string, string> { ["concepts"] = "SQUARE" }), out _));
        Assert.Equal(["b", "a"], Ids(database, new ExperimentQuery(Filters: new Dictionary<string, string> { ["method"] = "evaluation", ["name"] = "RUN" }), out _));
        Assert.Empty(Ids(database, new ExperimentQuery(Filters: new Dictionary<string, string> { ["concepts"] = "no such concept" }), out _));
        Assert.Equal(["d"], Ids(database, new ExperimentQuery(Filters: new Dictionary<string, string> { ["cliffs_delta"] = "< 0" }), out _));
    }

    [Fact]
    public void Pages_come_from_the_database_with_the_total_of_all_matching_runs()
    {
        using var database = Seeded();

        Assert.Equal(["a", "d"], Ids(database, new ExperimentQuery(Page: 2, PageSize: 2, Sort: "steps"), out var total));
        Assert.Equal(4, total);
    }

    [Fact]
    public void A_bad_filter_or_sort_is_refused_naming_the_column_and_what_it_takes()
    {
        var errors = ExperimentService.QueryErrors(new ExperimentQuery(Sort: "concepts", Filters: new Dictionary<string, string> { ["steps"] = "many", ["colour"] = "red" }));

        Assert.Contains("cannot be sorted by \"concepts\"", errors["sort"].Single());
        Assert.Contains(errors["filter"], e => e.Contains("The steps filter \"many\" is not a comparison with a number"));
        Assert.Contains(errors["filter"], e => e.Contains("There is no column \"colour\""));
    }

    [Fact]
    public void Experiments_stored_before_the_headline_get_it_when_the_file_is_opened()
    {
        using (Seeded()) { }
        using (var raw = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_data, CortexDatabase.FileName), Connection = ConnectionType.Direct }))
        {
            var experiments = raw.GetCollection("experiments");
            foreach (var document in experiments.FindAll().ToList())
            {
                document.Remove("Headline");
                experiments.Update(document);
            }
            Assert.All(experiments.FindAll(), d => Assert.False(d.ContainsKey("Headline")));
            raw.UserVersion = BeforeHeadline;
        }

        using var database = CortexDatabase.Open(_data);

        Assert.Equal(Migrations.Latest, database.SchemaVersion);
        Assert.Equal(["a", "b"], Ids(database, new ExperimentQuery(Sort: "deletion_auc", Filters: new Dictionary<string, string> { ["deletion_auc"] = ">= 0.2" }), out _));
    }

    [Fact]
    public async Task The_REST_list_takes_the_tables_sort_and_filters_and_explains_a_bad_one()
    {
        using (Seeded()) { }
        _server = await ServerFixture.StartAsync(_data);

        var page = (await _server.Http.GetFromJsonAsync<JsonObject>("/api/experiments?sort=deletion_auc&dir=asc&filter=deletion_auc:%3E0"))!;
        Assert.Equal(["b", "a"], page["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
        Assert.Equal(0.2, page["items"]![0]!["headline"]!["deletionAuc"]!.GetValue<double>());

        var bad = await _server.Http.GetAsync("/api/experiments?filter=steps:lots");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("steps filter", await bad.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        else Directory.Delete(_data, recursive: true);
    }
}
