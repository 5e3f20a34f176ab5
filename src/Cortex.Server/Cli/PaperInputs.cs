using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Models.Taming;
using Cortex.Compute.Protocols;

namespace Cortex.Server.Cli;

/// <summary>What <c>cortex paper</c> needs besides a built-in model: a taming model's config, the user's evaluators, the classes and how to sample them.</summary>
public sealed record TamingRequest(string? Config, IReadOnlyList<string> Evaluators, IReadOnlyList<string> EvaluatorConfigs, IReadOnlyList<int>? Classes,
    PriorSampling Sampling, bool Given, int? Heads = null, int? Resolution = null)
{
    /// <summary>The prior's classes studied when --classes is not given.</summary>
    public static readonly IReadOnlyList<int> DefaultClasses = [0, 1, 2];
}

/// <summary>
/// The subject of <c>cortex paper</c> as the command line names it: a built-in model directory (it holds
/// model-card.json), or a taming checkpoint — a file, or a directory laid out like taming's — judged by
/// the user's TorchScript evaluators. Owns what it loaded.
/// </summary>
public sealed class PaperInputs : IDisposable
{
    readonly List<IDisposable> _owned;

    PaperInputs(PaperSubject subject, List<IDisposable> owned) => (Subject, _owned) = (subject, owned);

    public PaperSubject Subject { get; }

    public static PaperInputs Load(string? model, TamingRequest request, torch.Device device)
    {
        var path = DefaultModel.Resolve(model);
        if (Directory.Exists(path) && File.Exists(Path.Combine(path, ModelStore.CardFile)))
        {
            if (request.Given)
                throw new ArgumentException("--config, --heads, --resolution, --evaluator, --evaluator-config, --classes, --top-k and --temperature apply to a taming model; "
                    + $"the built-in model '{path}' brings its own evaluators and studies every class of its world.");
            var builtIn = ModelStore.Load(path).To(device);
            return new PaperInputs(PaperSubject.BuiltIn(builtIn), [builtIn]);
        }
        if (request.Evaluators.Count == 0)
            throw new ArgumentException("A taming model brings no judges of its images: give at least one TorchScript classifier with --evaluator.");
        var configs = request.EvaluatorConfigs;
        if (configs.Count > 1 && configs.Count != request.Evaluators.Count)
            throw new ArgumentException($"{configs.Count} --evaluator-config files for {request.Evaluators.Count} evaluators: give one for all, or one per evaluator in order.");

        var (checkpoint, config) = TamingFiles.Find(path, request.Config);
        var owned = new List<IDisposable>();
        try
        {
            var taming = TamingLoader.Load(checkpoint, new TamingLoadOptions { Config = config, Heads = request.Heads, Resolution = request.Resolution }).To(device);
            owned.Add(taming);
            var evaluators = request.Evaluators.Select((file, i) =>
            {
                var options = TorchScriptEvaluatorConfig.Read(file, configs.Count == 0 ? null : configs[Math.Min(i, configs.Count - 1)]);
                var evaluator = TorchScriptEvaluator.Load(file, options).To(device);
                owned.Add(evaluator);
                return evaluator;
            }).ToList();
            var concepts = Concepts(request.Classes ?? TamingRequest.DefaultClasses, evaluators, taming.Prior);
            return new PaperInputs(PaperSubject.WithoutGroundTruth(taming, evaluators, concepts, request.Sampling), owned);
        }
        catch
        {
            foreach (var item in owned) item.Dispose();
            throw;
        }
    }

    /// <summary>Each class named by the first evaluator's label for it; every evaluator must know every class, and the prior must draw it.</summary>
    static IReadOnlyList<PaperConcept> Concepts(IReadOnlyList<int> classes, IReadOnlyList<TorchScriptEvaluator> evaluators, ITokenPrior? prior)
    {
        var undrawn = classes.Where(c => prior is not null && c >= prior.Classes).ToList();
        if (undrawn.Count > 0)
            throw new ArgumentException($"The model's prior draws {prior!.Classes} classes, so it cannot draw class {string.Join(", ", undrawn)}.");
        var names = evaluators.Select(e => e.Name).ToList();
        if (names.Distinct().Count() != names.Count)
            throw new ArgumentException($"Two evaluators are named alike ({string.Join(", ", names)}): give each a \"name\" in its --evaluator-config.");
        foreach (var evaluator in evaluators)
        {
            var unknown = classes.Where(c => c < 0 || c >= evaluator.Labels.Count).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"Evaluator '{evaluator.Name}' has {evaluator.Labels.Count} labels, so it cannot judge class {string.Join(", ", unknown)}; "
                    + "the prior and the evaluators must number classes alike (as ImageNet models do).");
        }
        return classes.Select(c => new PaperConcept(evaluators[0].Labels[c], c)).ToList();
    }

    public void Dispose()
    {
        foreach (var item in _owned) item.Dispose();
    }
}
