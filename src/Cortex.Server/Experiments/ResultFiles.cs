using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Compute.Runs;
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

    /// <summary>frames.json and one PNG per recorded frame.</summary>
    public static void AddTo(IDictionary<string, byte[]> files, IReadOnlyList<RecordedFrame> frames)
    {
        files[Name] = Write([.. frames.Select(f => new StoredFrame(f.Step, f.Loss, f.TargetProbability, f.EvaluatorProbability, f.Tokens, f.Changed, ImageName(f.Step)))]);
        foreach (var frame in frames) files[ImageName(frame.Step)] = frame.Png;
    }

    public static IReadOnlyList<StoredFrame> Read(byte[] json) =>
        JsonSerializer.Deserialize<List<StoredFrame>>(json, ResultJson.Options) ?? throw new InvalidDataException($"{Name} is empty.");
}

/// <summary><c>shortcut-evidence.json</c> and one PNG per example image: what a shortcut review compared and counted.</summary>
public static class ShortcutEvidenceFile
{
    public const string Name = "shortcut-evidence.json";

    public static string ImageName(int index) => $"{ShortcutEvidenceView.ImagePrefix}{index}.png";

    public static void AddTo(IDictionary<string, byte[]> files, Compute.Evaluation.ShortcutEvidence evidence, string concept)
    {
        var view = new ShortcutEvidenceView(concept, evidence.Strongest.Key.ToString(), evidence.BackgroundFraction,
            [.. evidence.Backgrounds.Select(b => new BackgroundStatistics(b.Key.ToString(), b.Value.Delta, b.Value.Interval.Low, b.Value.Interval.High, b.Value.P, b.Value.CorrectedP,
                b.Value.Flagged, b.Value.Counts.ImagesOn, b.Value.Counts.MeanOn, b.Value.Counts.ImagesOff, b.Value.Counts.MeanOff))],
            [.. evidence.Examples.Select((e, i) => new ShortcutExampleView(Group(e.Group), e.Class, e.Background.ToString(), e.GridSize, e.Positions, e.OffObject, ImageName(i)))]);
        files[Name] = JsonSerializer.SerializeToUtf8Bytes(view, ResultJson.Options);
        for (var i = 0; i < evidence.Examples.Count; i++) files[ImageName(i)] = evidence.Examples[i].Png;
    }

    public static ShortcutEvidenceView Read(byte[] json) =>
        JsonSerializer.Deserialize<ShortcutEvidenceView>(json, ResultJson.Options) ?? throw new InvalidDataException($"{Name} is empty.");

    static string Group(Compute.Evaluation.ShortcutGroup group) => group switch
    {
        Compute.Evaluation.ShortcutGroup.OnBackground => ShortcutExampleGroups.OnBackground,
        Compute.Evaluation.ShortcutGroup.OffBackground => ShortcutExampleGroups.OffBackground,
        _ => ShortcutExampleGroups.Concept,
    };
}
