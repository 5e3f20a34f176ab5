using System.Text.Json.Serialization;

namespace Cortex.Compute.Protocols;

/// <summary>Codebook-level edits (METHOD.md §5–6): both searches on the same pairs, sources and evaluators.</summary>
public sealed record CodebookLevelReport(int Steps, int ImagesPerPair, CodebookSettings Settings, IReadOnlyList<CodebookPairReport> Pairs);

/// <param name="EmbeddingLearningRate">Adam's rate for the embedding-space variant, which moves embeddings rather than selection logits</param>
/// <param name="RecognisedAt">a source is recognised when every evaluator gives its class at least this probability</param>
/// <param name="Best">how the best edit of each image is chosen</param>
public sealed record CodebookSettings(double LearningRate, double EmbeddingLearningRate, double Temperature, int RegionSize, int DecodeEvery,
    int Candidates, double RecognisedAt, string Best);

/// <param name="Methods">"gumbel" (the paper's search) and "embedding" (the embedding-space variant)</param>
/// <param name="Marking">for a fine-grained pair of a world, how much of the region lies on the sources' marking</param>
public sealed record CodebookPairReport(string Source, string Target, string Kind, string Region, SourceChoiceReport Sources,
    IReadOnlyDictionary<string, CodebookEdit> Methods,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RegionOnMarking? Marking = null);

/// <summary>
/// Shares of the edit region on the sources' marking, measured after the fact (the region never sees the marking),
/// beside those of the region the source's own TIS would give (its top positions of f_source).
/// </summary>
/// <param name="MarkingCells">mean grid cells per source that touch its marking</param>
/// <param name="OnMarking">mean share of a region's cells that touch the marking</param>
/// <param name="Covered">mean share of a source's marking cells that its region holds</param>
public sealed record RegionOnMarking(string Read, double MarkingCells, double OnMarking, double Covered, double OwnTisOnMarking, double OwnTisCovered);

/// <summary>How many generated candidates of the source class there were, how many every evaluator recognised, and how many were edited.</summary>
public sealed record SourceChoiceReport(int Candidates, int Recognised, int Chosen);

/// <param name="FlippedBest">images whose best edit every evaluator gives the target ≥ 0.6, from &lt; 0.1 before</param>
public sealed record CodebookEdit(IReadOnlyDictionary<string, EditProbabilities> Evaluators, int FlippedBest, int FlippedFinal);

/// <summary>One evaluator's mean probabilities over the pair's images: of the source and target class, before, after the best edit and after the last step.</summary>
public sealed record EditProbabilities(double SourceBefore, double TargetBefore, double SourceAfterBest, double TargetAfterBest,
    double SourceAfterFinal, double TargetAfterFinal);
