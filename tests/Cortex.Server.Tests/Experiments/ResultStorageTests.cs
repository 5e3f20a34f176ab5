using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Server.Tests.Experiments;

/// <summary>
/// Storing a result is all or nothing. A failure midway stands in for a crash midway, which
/// the crash test (<c>Cli/CrashTests</c>) can only hit by chance: here every file is stored before the findings
/// fail, and none of them may stay, or the run could never be stored again under the same file ids.
/// </summary>
public sealed class ResultStorageTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("cortex-results-").FullName;
    readonly CortexDatabase _database;
    readonly ExperimentStore _store;

    public ResultStorageTests()
    {
        _database = CortexDatabase.Open(_directory);
        _store = new ExperimentStore(_database, new InProcessExperimentEvents(NullLogger<InProcessExperimentEvents>.Instance), new Cortex.Server.Services.FindingFeed(NullLogger<Cortex.Server.Services.FindingFeed>.Instance), TimeProvider.System);
    }

    [Fact]
    public void A_result_that_fails_midway_leaves_nothing_stored_and_can_be_stored_again()
    {
        _store.Add(new StoredExperiment
        {
            Id = "e1", Name = "half written", ModelId = "builtin", ConceptIds = [], Parameters = new(), CreatedBy = "tester", QueuedAt = DateTime.UtcNow,
        });
        var running = _store.TakeNext(_ => true, "tester")!;
        var files = new Dictionary<string, byte[]> { ["tis.npy"] = [1, 2, 3], ["frame-00001.png"] = [4, 5] };
        var finding = new StoredFinding { Id = "f1", ExperimentId = running.Id, ConceptId = "c1", Title = "shortcut", Tokens = [7], Evidence = [] };

        Assert.ThrowsAny<LiteException>(() => _store.Succeed(running.Id, new ExperimentOutcome(new StoredExperimentSummary(), files, [finding, finding])));

        Assert.All(files.Keys, name => Assert.Null(_store.ReadFile(running.Id, name)));
        Assert.Equal(0, _database.Findings.Count());
        Assert.Equal(ExperimentStatus.Running, _store.Get(running.Id)!.Status);
        var succeeded = _store.Succeed(running.Id, new ExperimentOutcome(new StoredExperimentSummary(), files, [finding]));
        Assert.Equal(ExperimentStatus.Succeeded, succeeded.Status);
        Assert.All(files, file => Assert.Equal(file.Value, _store.ReadFile(running.Id, file.Key)));
    }

    [Fact]
    public void Figures_that_are_no_finite_number_are_left_out_with_a_note_and_the_rest_is_stored()
    {
        _store.Add(new StoredExperiment { Id = "e2", Name = "constant maps", ModelId = "builtin", ConceptIds = [], Parameters = new(), CreatedBy = "tester", QueuedAt = DateTime.UtcNow });
        var running = _store.TakeNext(_ => true, "tester")!;
        var summary = new StoredExperimentSummary { Figures = new() { ["extractor.test_accuracy"] = 0.75, ["sanity.spearman.gradient"] = double.NaN } };
        var finding = new StoredFinding
        {
            Id = "f2", ExperimentId = running.Id, ConceptId = "c1", Title = "shortcut", Tokens = [7],
            Evidence = new() { ["background_fraction"] = 0.5, ["cliffs_delta"] = double.PositiveInfinity },
        };

        var succeeded = _store.Succeed(running.Id, new ExperimentOutcome(summary, new Dictionary<string, byte[]> { ["tis.npy"] = [1] }, [finding]));

        var stored = _store.Get(succeeded.Id)!;
        Assert.Equal(ExperimentStatus.Succeeded, stored.Status);
        Assert.Equal(["extractor.test_accuracy"], stored.Summary!.Figures.Keys);
        Assert.Contains(stored.Summary.Notes, note => note.Contains("sanity.spearman.gradient"));
        Assert.Equal(["background_fraction"], _database.Findings.FindById("f2")!.Evidence.Keys);
        Assert.Equal([1], _store.ReadFile(running.Id, "tis.npy")!);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
