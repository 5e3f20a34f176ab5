using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Web.Services;

namespace Cortex.Server.Experiments;

/// <summary>The JSON result files the dashboard reads back, in one naming (snake_case) for people reading exports too.</summary>
static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary><c>evaluation.json</c>: the evaluation method's report.</summary>
public static class EvaluationFile
{
    public const string Name = "evaluation.json";

    public static byte[] Write(EvaluationReport report) => JsonSerializer.SerializeToUtf8Bytes(report, ResultJson.Options);

    public static EvaluationReport Read(byte[] json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, ResultJson.Options) ?? throw new InvalidDataException($"{Name} is empty.");
}

/// <summary><c>frames.json</c>: every decoded frame of a codebook-level run (each with its PNG file), for replay after the run.</summary>
public static class FrameLog
{
    public const string Name = "frames.json";

    public static string ImageName(int step) => $"frame-{step:D5}.png";

    public static byte[] Write(IReadOnlyList<StoredFrame> frames) => JsonSerializer.SerializeToUtf8Bytes(frames, ResultJson.Options);

    public static IReadOnlyList<StoredFrame> Read(byte[] json) =>
        JsonSerializer.Deserialize<List<StoredFrame>>(json, ResultJson.Options) ?? throw new InvalidDataException($"{Name} is empty.");
}

/// <summary>
/// <c>curve.csv</c>: a codebook-level search step by step: the loss, the extractor's target probability and
/// each evaluator's (a column per evaluator, filled on the steps that were decoded and scored, empty between).
/// </summary>
public sealed class SearchCurve(IReadOnlyList<string> evaluators)
{
    public const string Name = "curve.csv";

    readonly CsvText _csv = new(["step", "loss", "target_probability", .. evaluators.Select(e => $"{e}_target_probability")]);

    public void Add(int step, double loss, double targetProbability, IReadOnlyDictionary<string, double[]>? evaluatorProbability) =>
        _csv.Row([step, loss, targetProbability, .. evaluators.Select(e => evaluatorProbability?.GetValueOrDefault(e) is [var p, ..] ? (object)p : null)]);

    public byte[] ToBytes() => _csv.ToBytes();
}
