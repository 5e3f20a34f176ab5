using Cortex.Server.Storage;

namespace Cortex.Server.Experiments;

/// <summary>What a finished experiment leaves: its summary, its files (name → bytes) and any findings it raised.</summary>
public sealed record ExperimentOutcome(StoredExperimentSummary Summary, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<StoredFinding> Findings);
