using Cortex.Server.Storage;

namespace Cortex.Server.Services;

/// <summary>Between a stored experiment and the experiment the dashboard and the REST API see: field by field, so that either side can change apart.</summary>
public static class ExperimentMapping
{
    public static ExperimentDocument ToContract(this StoredExperiment e) => new()
    {
        Id = e.Id, WorkspaceId = e.WorkspaceId, Name = e.Name, ModelId = e.ModelId, ConceptIds = [.. e.ConceptIds], Method = e.Method,
        Parameters = e.Parameters.ToContract(), Status = e.Status, Progress = e.Progress, Stage = e.Stage, Error = e.Error,
        CreatedBy = e.CreatedBy, CreatedAt = e.CreatedAt, QueuedAt = e.QueuedAt, StartedAt = e.StartedAt, FinishedAt = e.FinishedAt,
        Timings = new(e.Timings), Summary = e.Summary?.ToContract(), Files = [.. e.Files], TraceParent = e.TraceParent, Worker = e.Worker, Attempts = e.Attempts,
    };

    public static StoredExperiment ToStored(this ExperimentDocument e) => new()
    {
        Id = e.Id, WorkspaceId = e.WorkspaceId, Name = e.Name, ModelId = e.ModelId, ConceptIds = [.. e.ConceptIds], Method = e.Method,
        Parameters = e.Parameters.ToStored(), Status = e.Status, Progress = e.Progress, Stage = e.Stage, Error = e.Error,
        CreatedBy = e.CreatedBy, CreatedAt = e.CreatedAt, QueuedAt = e.QueuedAt, StartedAt = e.StartedAt, FinishedAt = e.FinishedAt,
        Timings = new(e.Timings), Summary = e.Summary?.ToStored(), Files = [.. e.Files], TraceParent = e.TraceParent, Worker = e.Worker, Attempts = e.Attempts,
    };

    public static ExperimentParameters ToContract(this StoredExperimentParameters p) => new()
    {
        Extractor = p.Extractor, TisMethod = p.TisMethod, Reduction = p.Reduction, ImagesPerConcept = p.ImagesPerConcept, ExtractorEpochs = p.ExtractorEpochs,
        TopN = p.TopN, TokenNum = p.TokenNum, Seed = p.Seed, Steps = p.Steps, LearningRate = p.LearningRate, Temperature = p.Temperature,
        DecodeEvery = p.DecodeEvery, SourceConceptId = p.SourceConceptId, SourceImage = p.SourceImage, TargetConceptId = p.TargetConceptId,
        Region = p.Region is null ? null : [.. p.Region], EmbeddingSpace = p.EmbeddingSpace, Device = p.Device,
    };

    public static StoredExperimentParameters ToStored(this ExperimentParameters p) => new()
    {
        Extractor = p.Extractor, TisMethod = p.TisMethod, Reduction = p.Reduction, ImagesPerConcept = p.ImagesPerConcept, ExtractorEpochs = p.ExtractorEpochs,
        TopN = p.TopN, TokenNum = p.TokenNum, Seed = p.Seed, Steps = p.Steps, LearningRate = p.LearningRate, Temperature = p.Temperature,
        DecodeEvery = p.DecodeEvery, SourceConceptId = p.SourceConceptId, SourceImage = p.SourceImage, TargetConceptId = p.TargetConceptId,
        Region = p.Region is null ? null : [.. p.Region], EmbeddingSpace = p.EmbeddingSpace, Device = p.Device,
    };

    public static ExperimentSummary ToContract(this StoredExperimentSummary s) => new()
    {
        Figures = new(s.Figures),
        TokenSets = s.TokenSets.ToDictionary(t => t.Key, t => t.Value.Select(c => c.ToContract()).ToList()),
        FrequencySets = s.FrequencySets.ToDictionary(t => t.Key, t => t.Value.Select(c => c.ToContract()).ToList()),
        Notes = [.. s.Notes], Checks = s.Checks.Select(c => c.ToContract()).ToList(),
    };

    public static StoredExperimentSummary ToStored(this ExperimentSummary s) => new()
    {
        Figures = new(s.Figures),
        TokenSets = s.TokenSets.ToDictionary(t => t.Key, t => t.Value.Select(c => c.ToStored()).ToList()),
        FrequencySets = s.FrequencySets.ToDictionary(t => t.Key, t => t.Value.Select(c => c.ToStored()).ToList()),
        Notes = [.. s.Notes], Checks = s.Checks.Select(c => c.ToStored()).ToList(),
    };

    public static TokenCountEntry ToContract(this StoredTokenCount t) => new(t.Token, t.Count);

    public static StoredTokenCount ToStored(this TokenCountEntry t) => new(t.Token, t.Count);

    public static RunCheck ToContract(this StoredRunCheck c) => new(c.Name, c.Passed, c.Value, c.Threshold, c.Sentence);

    public static StoredRunCheck ToStored(this RunCheck c) => new(c.Name, c.Passed, c.Value, c.Threshold, c.Sentence);
}
