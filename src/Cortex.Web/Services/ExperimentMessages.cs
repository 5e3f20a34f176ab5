namespace Cortex.Web.Services;

/// <summary>
/// What the live stream of an experiment carries (SignalR hub <c>/hubs/experiments</c>, client methods
/// <see cref="IExperimentClient"/>: <c>status</c>, <c>progress</c>, <c>frame</c>, <c>saliency</c>, <c>log</c>, and <c>history</c> at join).
/// Every message names its experiment and carries a sequence number that grows by one per message of
/// that experiment.
/// </summary>
public abstract record ExperimentMessage
{
    public required string ExperimentId { get; init; }
    public long Sequence { get; init; }
    /// <summary>When the server published the message (UTC), for latency measurements.</summary>
    public DateTime PublishedAt { get; init; }

    /// <summary>The hub's client method name for this kind of message (<see cref="ExperimentHubNames"/>).</summary>
    public abstract string Kind { get; }

    /// <summary>Calls the client's method for this kind of message.</summary>
    public abstract Task SendTo(IExperimentClient client);
}

public sealed record StatusMessage : ExperimentMessage
{
    public required string Status { get; init; }
    public string? Error { get; init; }
    public override string Kind => ExperimentHubNames.Status;
    public override Task SendTo(IExperimentClient client) => client.Status(this);
}

/// <summary>Where a run stands: its current stage (one of <see cref="RunStages.Of"/>, then <see cref="RunStages.Done"/>) and how far that stage is.</summary>
public sealed record ProgressMessage : ExperimentMessage
{
    public required string Stage { get; init; }
    /// <summary>The stage's place in the run, from 1 to <see cref="StageCount"/>.</summary>
    public int StageIndex { get; init; }
    public int StageCount { get; init; }
    /// <summary>The stage's own fraction done, 0 to 1.</summary>
    public double Fraction { get; init; }
    /// <summary>Seconds left in this stage at its own rate so far; null until the stage has gone far enough to tell.</summary>
    public double? EtaSeconds { get; init; }
    public override string Kind => ExperimentHubNames.Progress;
    public override Task SendTo(IExperimentClient client) => client.Progress(this);
}

/// <summary>One codebook-level optimization step.</summary>
public sealed record FrameMessage : ExperimentMessage
{
    public int Step { get; init; }
    public int Steps { get; init; }
    public double Loss { get; init; }
    /// <summary>The extractor's target probability, per source image.</summary>
    public required double[] TargetProbability { get; init; }
    /// <summary>Per evaluator, its target probability per source image; on decode steps only.</summary>
    public Dictionary<string, double[]>? EvaluatorProbability { get; init; }
    public int GridSize { get; init; }
    /// <summary>Token ids of every source image's grid, row-major, image after image.</summary>
    public required long[] Tokens { get; init; }
    /// <summary>Per source image, the positions whose token differs from the source.</summary>
    public required int[][] Changed { get; init; }
    /// <summary>The decoded first image as PNG, every k steps.</summary>
    public byte[]? Png { get; init; }
    /// <summary>When the run produced the frame (UTC, on its worker's clock); <see cref="ExperimentMessage.PublishedAt"/> is the head's, so on one machine the two split worker→head from head→browser.</summary>
    public DateTime ProducedAt { get; init; }
    public override string Kind => ExperimentHubNames.Frame;
    public override Task SendTo(IExperimentClient client) => client.Frame(this);
}

/// <summary>
/// Sent once to each joiner of a codebook-level run that has frames: the curve so far, an even sample
/// of at most 1,000 points. Its sequence is that of the latest frame it covers; newer frames follow live.
/// </summary>
public sealed record HistoryMessage : ExperimentMessage
{
    public required ChartSeries Curve { get; init; }
    public override string Kind => ExperimentHubNames.History;
    public override Task SendTo(IExperimentClient client) => client.History(this);
}

/// <summary>The TIS map of one support image.</summary>
public sealed record SaliencyMessage : ExperimentMessage
{
    public int ImageIndex { get; init; }
    public required string Concept { get; init; }
    public int GridSize { get; init; }
    public required double[] Tis { get; init; }
    public required long[] TopTokens { get; init; }
    public required int[] TopPositions { get; init; }
    public override string Kind => ExperimentHubNames.Saliency;
    public override Task SendTo(IExperimentClient client) => client.Saliency(this);
}

public sealed record LogMessage : ExperimentMessage
{
    public required string Text { get; init; }
    public override string Kind => ExperimentHubNames.Log;
    public override Task SendTo(IExperimentClient client) => client.Log(this);
}

/// <summary>An annotation of the experiment was added or deleted; open pages reload their annotations.</summary>
public sealed record AnnotationMessage : ExperimentMessage
{
    public required string AnnotationId { get; init; }
    /// <summary><c>added</c> or <c>deleted</c>.</summary>
    public required string Change { get; init; }
    public override string Kind => ExperimentHubNames.Annotation;
    public override Task SendTo(IExperimentClient client) => client.Annotation(this);
}
