using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Runs;

namespace Cortex.Server.Models;

/// <summary>
/// A loaded model as the server's methods use it: the VQGM, the evaluators that judge its images, the
/// names of its class ids, how its prior samples, and — for the built-in model only — the procedural
/// world that knows ground truth. Owns what it loaded.
/// </summary>
public sealed class HostedModel(string id, IVqModel model, IReadOnlyList<IEvaluator> judges, IReadOnlyList<string> classes,
    PriorSampling sampling, BuiltInModel? world, IReadOnlyList<IDisposable> owned) : IDisposable
{
    public string Id { get; } = id;
    public IVqModel Model { get; } = model;
    public IReadOnlyList<IEvaluator> Judges { get; } = judges;
    public IReadOnlyList<string> Classes { get; } = classes;
    public PriorSampling Sampling { get; } = sampling;

    /// <summary>The built-in model whose world renders images with ground truth, or null for a registered model.</summary>
    public BuiltInModel? World { get; } = world;

    /// <summary>What a run (Cortex.Compute) uses of it.</summary>
    public RunModel ForRuns => new(Model, Judges, Sampling, World);

    public void Dispose()
    {
        foreach (var item in owned) item.Dispose();
    }
}
