using Cortex.Server.Storage;

namespace Cortex.Server.Tests.Database;

/// <summary>
/// One stored document of each kind with every settable property away from its default, so that a mapping that drops a
/// property shows in a round trip (<see cref="StoredMappingTests.Every_sample_sets_every_property"/> keeps them so).
/// Times are whole milliseconds in local time: the data file keeps milliseconds and reads dates back as local.
/// </summary>
public static class StoredSamples
{
    static readonly DateTime Created = new DateTime(2026, 3, 4, 5, 6, 7, 891, DateTimeKind.Utc).ToLocalTime();
    static readonly DateTime Later = Created.AddMinutes(42);

    public static StoredExperiment Experiment => new()
    {
        Id = "e1", WorkspaceId = "lab", Name = "codebook edit", ModelId = "builtin", ConceptIds = ["c1", "c2"], Method = ExperimentMethod.CodebookLevel,
        Parameters = Parameters, Status = ExperimentStatus.Succeeded, Progress = 0.75, Stage = "decoding", Error = "a note from the worker",
        CreatedBy = "alice", CreatedAt = Created, QueuedAt = Created.AddSeconds(1), StartedAt = Created.AddSeconds(2), FinishedAt = Later,
        Timings = new() { ["extractor"] = 1.5 }, Summary = Summary, Files = ["tis.npy", "tokens.npy"],
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Worker = "gpu-b", Attempts = 2,
    };

    public static StoredExperimentParameters Parameters => new()
    {
        Extractor = "mixer", TisMethod = "occlusion", Reduction = "l2", ImagesPerConcept = 32, ExtractorEpochs = 7, TopN = 3, TokenNum = 4, Seed = 9,
        Steps = 120, LearningRate = 0.05, Temperature = 0.5, DecodeEvery = 5, SourceConceptId = "c1", SourceImage = 2, TargetConceptId = "c2",
        Region = [0, 1, 8], EmbeddingSpace = true, Device = ExperimentDevices.Gpu,
    };

    public static StoredExperimentSummary Summary => new()
    {
        Figures = new() { ["extractor.test_accuracy"] = 0.875 },
        TokenSets = new() { ["dot"] = [new StoredTokenCount(7, 12)] },
        FrequencySets = new() { ["dot"] = [new StoredTokenCount(3, 20)] },
        Notes = ["the source was recognised"],
        Checks = [new StoredRunCheck("extractor-above-chance", true, 0.001, 0.05, "The extractor beats chance."),
            new StoredRunCheck("ig-completeness", false, null, 0.1, "The attribution is incomplete.")],
    };

    public static StoredConcept Concept => new()
    {
        Id = "c1", WorkspaceId = "lab", Name = "red circle", Description = "a red circle on sand", ModelId = "builtin", Source = ConceptSource.Filter,
        ClassId = 3, Background = "sand", CreatedBy = "alice", CreatedAt = Created, UpdatedBy = "bob", UpdatedAt = Later,
    };

    public static StoredAnnotation Annotation => new()
    {
        Id = "a1", WorkspaceId = "lab", ExperimentId = "e1", Target = AnnotationTarget.Position, TokenId = 7, Position = 12, ImageIndex = 1, FindingId = "f1",
        Author = "bob", Text = "this corner carries the background", CreatedAt = Created, ModelId = "builtin", ParentId = "a0", EditedAt = Created.AddMinutes(5),
    };

    public static StoredFinding Finding => new()
    {
        Id = "f1", WorkspaceId = "lab", ExperimentId = "e1", ConceptId = "c1", Title = "sand shortcut", Tokens = [7, 11], Evidence = new() { ["share"] = 0.6 },
        Status = FindingStatus.Confirmed, Reviewer = "carol", Comments = [new StoredFindingComment("carol", "seen it too", Later, FindingStatus.Confirmed)],
        CreatedAt = Created, UpdatedAt = Later,
    };

    public static StoredEvaluatorFile EvaluatorFile => new("evaluators/cnn.pt", "evaluators/cnn.json");

    public static StoredEvaluatorFacts EvaluatorFacts => new("cnn", 224, 1000) { InputSizeNote = "no settings gave the input size" };

    public static StoredSampleUsage Usage => new()
    {
        Samples = 64, ClassesSampled = [1, 2], DistinctTokens = 300, Fraction = 0.29, Perplexity = 211.5, Seconds = 3.25, MeasuredAt = Later,
    };
}
