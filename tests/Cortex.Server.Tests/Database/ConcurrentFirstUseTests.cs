using Cortex.Server.Storage;

namespace Cortex.Server.Tests.Database;

/// <summary>
/// A restarted server meets its first requests all at once. LiteDB 5.0.21 builds a type's mapping on
/// first use and lets other threads read it while it is half built (litedb-org/LiteDB#2536): a
/// concept read then came back without its model, and a valid experiment was refused (seen in the
/// crash test). Every stored type must be mapped before the data file serves anyone.
/// </summary>
public sealed class ConcurrentFirstUseTests : IDisposable
{
    const int Threads = 64;
    readonly string _directory = Directory.CreateTempSubdirectory("cortex-first-use-").FullName;

    [Fact]
    public void Documents_read_by_many_threads_at_once_on_a_reopened_file_come_back_whole()
    {
        // No times: LiteDB hands them back in local time, which records would not call equal.
        var concept = new StoredConcept
        {
            Id = "c1", WorkspaceId = "lab", Name = "dot", Description = "purple square with dot", ModelId = "builtin", ClassId = 3,
            CreatedBy = "tester", UpdatedBy = "tester",
        };
        var finding = new StoredFinding
        {
            Id = "f1", WorkspaceId = "lab", ExperimentId = "e1", ConceptId = "c1", Title = "shortcut", Tokens = [7, 9],
            Evidence = new() { ["share"] = 0.5 }, Comments = [new StoredFindingComment("tester", "seen", default, FindingStatus.Confirmed)],
        };
        var experiment = new StoredExperiment
        {
            Id = "e1", WorkspaceId = "lab", Name = "codebook", ModelId = "builtin", ConceptIds = ["c1", "c2"], Parameters = new() { Steps = 42, TisMethod = "gradient" },
            CreatedBy = "tester", Summary = new() { TokenSets = new() { ["dot"] = [new StoredTokenCount(7, 12)] } },
        };
        using (var database = CortexDatabase.Open(_directory))
        {
            database.Concepts.Insert(concept);
            database.Findings.Insert(finding);
            database.Experiments.Insert(experiment);
        }

        // Each round opens the file afresh, so its mapper starts empty, as after a restart.
        for (var round = 0; round < 20; round++)
        {
            using var database = CortexDatabase.Open(_directory);
            var read = new (StoredConcept? Concept, StoredFinding? Finding, StoredExperiment? Experiment)[Threads];
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    read[i] = (database.Concepts.FindById("c1"), database.Findings.FindById("f1"), database.Experiments.FindById("e1"));
                }
                // A half-built mapping also throws ("Collection was modified", litedb-org/LiteDB#2565); a thread's exception would end the test run.
                catch (Exception e)
                {
                    failures.Add(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Empty(failures);

            Assert.All(read, r =>
            {
                Assert.Equal(concept, r.Concept);
                Assert.Equal(finding.Comments.Single(), r.Finding!.Comments.Single());
                Assert.Equal(finding.Tokens, r.Finding.Tokens);
                Assert.Equal(experiment.Parameters, r.Experiment!.Parameters);
                Assert.Equal(experiment.Summary!.TokenSets["dot"], r.Experiment.Summary!.TokenSets["dot"]);
            });
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
