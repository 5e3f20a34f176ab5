using System.Text.Json.Nodes;
using Cortex.Server.Services;
using Cortex.Server.Storage;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Cortex.Server.Tests.Database;

/// <summary>
/// A data file written while the collections held the web's contract types opens with the server's own types and reads
/// the same: same collection names, field names, ids, and enums stored by name. What the server writes back is the
/// document it read, field for field.
/// </summary>
public sealed class StoredFormatTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("cortex-stored-format-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>Today's mapper on the contract types, as the server mapped them before its documents were its own.</summary>
    static readonly BsonMapper ContractMapper = new() { EnumAsInteger = false };

    [Fact]
    public void Contract_documents_read_identically_through_the_stored_types_and_are_written_back_unchanged()
    {
        var experiment = StoredSamples.Experiment.ToContract();
        var concept = StoredSamples.Concept.ToContract();
        var annotation = StoredSamples.Annotation.ToContract();
        var finding = StoredSamples.Finding.ToContract();
        var written = WriteOldFile(
            ("experiments", ContractMapper.ToDocument(experiment)), ("concepts", ContractMapper.ToDocument(concept)),
            ("annotations", ContractMapper.ToDocument(annotation)), ("findings", ContractMapper.ToDocument(finding)));

        using (var database = CortexDatabase.Open(_data))
        {
            AssertSameJson(experiment, database.Experiments.FindById(experiment.Id)!.ToContract());
            AssertSameJson(concept, database.Concepts.FindById(concept.Id)!.ToContract());
            AssertSameJson(annotation, database.Annotations.FindById(annotation.Id)!.ToContract());
            AssertSameJson(finding, database.Findings.FindById(finding.Id)!.ToContract());
            // Queried in the file by the stored fields, as the queue and the lists do.
            Assert.Equal(experiment.Id, database.Experiments.FindOne(e => e.Status == ExperimentStatus.Succeeded && e.SucceededWithWarnings)?.Id);

            database.Experiments.Update(database.Experiments.FindById(experiment.Id)!);
            database.Concepts.Update(database.Concepts.FindById(concept.Id)!);
            database.Annotations.Update(database.Annotations.FindById(annotation.Id)!);
            database.Findings.Update(database.Findings.FindById(finding.Id)!);
        }

        Assert.Equal(written.Select(w => Canonical(w.Document)), ReadRaw(written).Select(Canonical));
    }

    /// <summary>Spelled out field by field, so that the test does not lean on any type of today's code for the old format.</summary>
    [Fact]
    public void Hand_written_old_documents_read_their_fields_and_enums_by_name()
    {
        var at = new DateTime(2025, 11, 12, 13, 14, 15, 160, DateTimeKind.Utc);
        WriteOldFile(
            ("experiments", new BsonDocument
            {
                ["_id"] = "e9", ["WorkspaceId"] = "lab", ["Name"] = "old run", ["ModelId"] = "builtin", ["ConceptIds"] = new BsonArray { "c1", "c2" },
                ["Method"] = "ConceptLevel", ["Status"] = "Interrupted", ["Progress"] = 0.5, ["Stage"] = "tis", ["Error"] = "server stopped",
                ["CreatedBy"] = "alice", ["CreatedAt"] = at, ["QueuedAt"] = at, ["Timings"] = new BsonDocument { ["extractor"] = 2.5 },
                ["Parameters"] = new BsonDocument { ["Extractor"] = "mixer", ["TopN"] = 3, ["Region"] = new BsonArray { 4, 5 } },
                ["Summary"] = new BsonDocument
                {
                    ["TokenSets"] = new BsonDocument { ["dot"] = new BsonArray { new BsonDocument { ["Token"] = 7L, ["Count"] = 12 } } },
                    ["Checks"] = new BsonArray { new BsonDocument { ["Name"] = "ig-completeness", ["Passed"] = true, ["Value"] = BsonValue.Null, ["Threshold"] = 0.1, ["Sentence"] = "complete" } },
                },
                ["Files"] = new BsonArray { "tis.npy" }, ["SucceededWithWarnings"] = false,
            }),
            ("findings", new BsonDocument
            {
                ["_id"] = "f9", ["WorkspaceId"] = "lab", ["ExperimentId"] = "e9", ["ConceptId"] = "c1", ["Title"] = "sand", ["Tokens"] = new BsonArray { 7L },
                ["Evidence"] = new BsonDocument { ["share"] = 0.4 }, ["Status"] = "Dismissed",
                ["Comments"] = new BsonArray { new BsonDocument { ["Author"] = "bob", ["Text"] = "no", ["At"] = at, ["Status"] = "Dismissed" } },
            }),
            ("models", new BsonDocument
            {
                ["_id"] = "taming-1", ["Name"] = "taming", ["Kind"] = "taming", ["Path"] = "vqgan", ["Heads"] = 16, ["TopK"] = 100, ["Temperature"] = 0.9,
                ["Evaluators"] = new BsonArray { new BsonDocument { ["Path"] = "cnn.pt", ["Config"] = BsonValue.Null } },
                ["Facts"] = new BsonDocument
                {
                    ["ImageSize"] = 256, ["GridSize"] = 16, ["CodebookSize"] = 1024, ["HasPrior"] = true, ["Classes"] = new BsonArray { "cat", "dog" },
                    ["Evaluators"] = new BsonArray { new BsonDocument { ["Name"] = "cnn", ["InputSize"] = 224, ["Labels"] = 2 } },
                },
                ["Usage"] = new BsonDocument { ["Samples"] = 64, ["Perplexity"] = 211.5, ["MeasuredAt"] = at },
            }));

        using var database = CortexDatabase.Open(_data);

        var experiment = database.Experiments.FindById("e9")!;
        Assert.Equal((ExperimentMethod.ConceptLevel, ExperimentStatus.Interrupted, "lab", "server stopped"), (experiment.Method, experiment.Status, experiment.WorkspaceId, experiment.Error));
        Assert.Equal(["c1", "c2"], experiment.ConceptIds);
        Assert.Equal(at, experiment.CreatedAt.ToUniversalTime());
        Assert.Equal(2.5, experiment.Timings["extractor"]);
        Assert.Equal(("mixer", 3), (experiment.Parameters.Extractor, experiment.Parameters.TopN));
        Assert.Equal([4, 5], experiment.Parameters.Region!);
        // A parameter the old document lacks reads as its default, as it did through the contract.
        Assert.Equal(new ExperimentParameters().Steps, experiment.Parameters.Steps);
        Assert.Equal(new StoredTokenCount(7, 12), experiment.Summary!.TokenSets["dot"].Single());
        Assert.Equal(new StoredRunCheck("ig-completeness", true, null, 0.1, "complete"), experiment.Summary.Checks.Single());
        var finding = database.Findings.FindById("f9")!;
        Assert.Equal((FindingStatus.Dismissed, 0.4), (finding.Status, finding.Evidence["share"]));
        Assert.Equal(new StoredFindingComment("bob", "no", at, FindingStatus.Dismissed), finding.Comments.Single() with { At = finding.Comments.Single().At.ToUniversalTime() });
        var model = database.Models.FindById("taming-1")!;
        Assert.Equal((StoredModel.TamingKind, 16, 100, 0.9), (model.Kind, model.Heads, model.TopK, model.Temperature));
        Assert.Equal(new StoredEvaluatorFile("cnn.pt", null), model.Evaluators.Single());
        Assert.Equal((256, 16, 1024, true), (model.Facts!.ImageSize, model.Facts.GridSize, model.Facts.CodebookSize, model.Facts.HasPrior));
        Assert.Equal(["cat", "dog"], model.Facts.Classes);
        Assert.Equal(new StoredEvaluatorFacts("cnn", 224, 2), model.Facts.Evaluators.Single());
        Assert.Equal((64, 211.5), (model.Usage!.Samples, model.Usage.Perplexity));
    }

    /// <summary>A file at the latest schema (no migration touches it) holding <paramref name="documents"/> as raw BSON; what it wrote.</summary>
    List<(string Collection, BsonDocument Document)> WriteOldFile(params (string Collection, BsonDocument Document)[] documents)
    {
        using var raw = Raw();
        foreach (var (collection, document) in documents) raw.GetCollection(collection).Insert(document);
        raw.UserVersion = Migrations.Latest;
        return [.. documents.Select(d => (d.Collection, raw.GetCollection(d.Collection).FindById(d.Document["_id"])))];
    }

    List<BsonDocument> ReadRaw(IEnumerable<(string Collection, BsonDocument Document)> written)
    {
        using var raw = Raw();
        return [.. written.Select(w => raw.GetCollection(w.Collection).FindById(w.Document["_id"]))];
    }

    LiteDatabase Raw() => new(new ConnectionString { Filename = Path.Combine(_data, CortexDatabase.FileName), Connection = ConnectionType.Direct });

    static void AssertSameJson<T>(T expected, T actual) =>
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected), JsonSerializer.SerializeToNode(actual)),
            $"{typeof(T).Name} reads differently: expected {JsonSerializer.Serialize(expected)}, read {JsonSerializer.Serialize(actual)}");

    /// <summary>The document as JSON with its fields in name order, so that two documents compare by content and a difference reads.</summary>
    static string Canonical(BsonValue value) => value switch
    {
        { IsDocument: true } => "{" + string.Join(",", value.AsDocument.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"\"{f.Key}\":{Canonical(f.Value)}")) + "}",
        { IsArray: true } => "[" + string.Join(",", value.AsArray.Select(Canonical)) + "]",
        _ => LiteDB.JsonSerializer.Serialize(value),
    };
}
