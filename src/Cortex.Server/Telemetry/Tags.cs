using Cortex.Server.Experiments;

namespace Cortex.Server.Telemetry;

/// <summary>The attribute names Cortex's spans and metrics share, so that a dashboard can join them.</summary>
public static class Tags
{
    public const string ExperimentId = "cortex.experiment.id";
    public const string Method = "cortex.experiment.method";
    public const string Status = "cortex.experiment.status";
    public const string Stage = "cortex.experiment.stage";
    public const string Model = "cortex.model.id";
    public const string Device = "cortex.device";
    public const string Worker = "cortex.worker";
    public const string ClientKind = "cortex.client.kind";
    public const string MessageKind = "cortex.message.kind";

    /// <summary>The method as the API names it (<c>codebook-level</c>), not as C# does.</summary>
    public static string MethodName(ExperimentMethod method) => SpecValidator.MethodName(method);

    /// <summary>The status as the API names it (<c>succeeded</c>).</summary>
    public static string StatusName(ExperimentStatus status) => status.ToString().ToLowerInvariant();
}
