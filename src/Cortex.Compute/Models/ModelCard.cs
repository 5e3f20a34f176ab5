using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Compute.Models.BuiltIn;

namespace Cortex.Compute.Models;

/// <summary>Everything needed to rebuild and judge a built-in model: sizes, training record and measured quality.</summary>
public sealed record ModelCard
{
    public const int CurrentFormat = 1;

    public int FormatVersion { get; init; } = CurrentFormat;
    public string Name { get; init; } = "cortex-builtin";
    public required WorldCard World { get; init; }
    public required TokenizerConfig Tokenizer { get; init; }
    public required PriorConfig Prior { get; init; }
    public required PriorSampling Sampling { get; init; }
    public required IReadOnlyList<EvaluatorCard> Evaluators { get; init; }
    public required TrainingRecord Training { get; init; }
    public QualityReport? Quality { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

public sealed record WorldCard(int ImageSize, IReadOnlyList<string> Classes, ShortcutCard Shortcut);

public sealed record ShortcutCard(int ClassId, string ClassName, string Background, double Rate);

/// <summary>An evaluator's architecture name, file and class count.</summary>
public sealed record EvaluatorCard(string Name, string Architecture, string File, int Classes);

public sealed record TrainingRecord
{
    public int Seed { get; init; }
    public bool Quick { get; init; }
    public string Device { get; init; } = "cpu";
    public int Threads { get; init; }
    public IReadOnlyList<StageRecord> Stages { get; init; } = [];
    /// <summary>Mean prior class agreement of each guidance candidate on a validation draw (not the quality draw).</summary>
    public IReadOnlyDictionary<string, double> GuidanceValidation { get; init; } = new Dictionary<string, double>();
    public double TotalSeconds { get; init; }
}

/// <summary>One training stage: what data it saw, its optimizer settings and how it ended.</summary>
public sealed record StageRecord(string Stage, int Steps, int BatchSize, double LearningRate, long ImagesSeen,
    string DataSeeds, double Seconds, double InitialLoss, double FinalLoss);

/// <summary>The quality figures of WORLD.md, measured on held-out rendered images.</summary>
public sealed record QualityReport
{
    public int HeldOutImages { get; init; }
    public int SamplesPerClass { get; init; }
    public double ReconPsnrDb { get; init; }
    public double CodebookUsage { get; init; }
    public required IReadOnlyDictionary<string, double> EvaluatorAccuracy { get; init; }
    public required IReadOnlyDictionary<string, double> EvaluatorAccuracyOnRecon { get; init; }
    public required ClassAgreement PriorClassAgreement { get; init; }
    public double ShortcutRate { get; init; }
}

public sealed record ClassAgreement(double Mean, IReadOnlyDictionary<string, double> PerClass);
