using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Storage;
using Cortex.Server.Tests.Api;
using LiteDB;

namespace Cortex.Server.Tests.Database;

/// <summary>
/// JSON has no NaN or infinity. Before schema v5 a sample-level experiment asking for a learning rate of 1E400 was
/// stored with infinity, and from then on the workspace's list, the experiment and its re-run answered 500, across
/// restarts. Such a file is repaired when opened, the data file refuses such numbers, and an answer holding one
/// anyway shows it as missing rather than failing whole.
/// </summary>
public sealed class NonFiniteNumberTests : IAsyncLifetime
{
    /// <summary>The schema before the repair existed.</summary>
    const int BeforeRepair = 4;

    readonly string _data = Directory.CreateTempSubdirectory("cortex-non-finite-").FullName;
    ServerFixture? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_poisoned_file_is_repaired_at_open_and_its_experiment_lists_reads_and_reruns()
    {
        Poison(version: BeforeRepair);

        _server = await ServerFixture.StartAsync(_data);

        var list = await _server.Http.GetAsync("/api/experiments");
        Assert.True(list.StatusCode == HttpStatusCode.OK, await list.Content.ReadAsStringAsync());
        var listed = (await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Single()!;
        Assert.Equal(new ExperimentParameters().LearningRate, listed["parameters"]!["learningRate"]!.GetValue<double>());
        var read = await _server.GetExperimentAsync("e1");
        Assert.Equal(new ExperimentParameters().LearningRate, read["parameters"]!["learningRate"]!.GetValue<double>());
        Assert.Equal(["extractor.test_accuracy"], read["summary"]!["figures"]!.AsObject().Select(f => f.Key));
        using var rerun = await _server.Http.PostAsync("/api/experiments/e1/rerun", null);
        Assert.True(rerun.StatusCode == HttpStatusCode.Created, await rerun.Content.ReadAsStringAsync());

        var audit = (await _server.Http.GetFromJsonAsync<JsonArray>("/api/audit/e1"))!.Select(e => e!["detail"]?.GetValue<string>() ?? "").ToList();
        Assert.Contains(audit, detail => detail.Contains("parameters.learningRate was infinity, now its default 0.01") && detail.Contains("summary.figures.sanity.spearman.gradient was NaN (not a number), removed"));
    }

    [Fact]
    public async Task A_number_that_got_in_anyway_shows_as_missing_and_the_list_still_answers()
    {
        Poison(version: Migrations.Latest);

        _server = await ServerFixture.StartAsync(_data);

        var list = await _server.Http.GetAsync("/api/experiments");
        Assert.True(list.StatusCode == HttpStatusCode.OK, await list.Content.ReadAsStringAsync());
        var listed = (await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Single()!;
        Assert.Null(listed["parameters"]!["learningRate"]);
        Assert.Equal(0.01, listed["parameters"]!["temperature"]!.GetValue<double>());
    }

    [Fact]
    public void The_data_file_refuses_a_number_that_is_not_finite()
    {
        using var database = CortexDatabase.Open(_data);

        var refused = Assert.Throws<NonFiniteNumberException>(() => database.Experiments.Insert(Experiment() with
        {
            Summary = new StoredExperimentSummary { Figures = new() { ["sanity.spearman.gradient"] = double.NaN } },
        }));

        Assert.Contains("holds NaN (not a number)", refused.Message);
        Assert.Equal(0, database.Experiments.Count());
    }

    /// <summary>A file holding one experiment whose unused learning rate and one figure are not finite, at <paramref name="version"/>.</summary>
    void Poison(int version)
    {
        using (var database = CortexDatabase.Open(_data))
            database.Experiments.Insert(Experiment() with
            {
                Summary = new StoredExperimentSummary { Figures = new() { ["extractor.test_accuracy"] = 0.9, ["sanity.spearman.gradient"] = 0 } },
            });
        // Written as the unchecked server of before wrote it: LiteDB itself stores infinity and NaN.
        using var raw = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_data, CortexDatabase.FileName), Connection = ConnectionType.Direct });
        var experiments = raw.GetCollection("experiments");
        var experiment = experiments.FindById("e1");
        experiment["Parameters"]["LearningRate"] = double.PositiveInfinity;
        experiment["Parameters"]["Temperature"] = 0.01;
        experiment["Summary"]["Figures"]["sanity.spearman.gradient"] = double.NaN;
        experiments.Update(experiment);
        raw.UserVersion = version;
    }

    static StoredExperiment Experiment() => new()
    {
        Id = "e1", Name = "poisoned", ModelId = "builtin", ConceptIds = ["c1", "c2"], Method = ExperimentMethod.SampleLevel, Parameters = new(),
        Status = ExperimentStatus.Succeeded, CreatedBy = "tester", CreatedAt = DateTime.UtcNow,
    };

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        else Directory.Delete(_data, recursive: true);
    }
}
