using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Models.Taming;
using Cortex.Compute.World;
using Cortex.Server.Storage;

namespace Cortex.Server.Models;

/// <summary>Loads models into <see cref="HostedModel"/>s and reads their <see cref="StoredModelFacts"/>.</summary>
public static class ModelLoading
{
    public static readonly IReadOnlyList<string> AllSources = ["generated", "encoded", "filter", "uploaded"];

    public static HostedModel BuiltIn(string id, BuiltInModel model)
    {
        model.Eval();
        model.Freeze();
        return new HostedModel(id, model, model.Judges, ClassTable.All.Select(c => c.Name).ToList(), model.Card.Sampling, model, [model]);
    }

    /// <summary>
    /// A registered taming model and its evaluators, from full paths. A refusal is a <see cref="ModelPartException"/>
    /// naming the registration field at fault (path, config, heads, resolution, evaluators[i].path, evaluators[i].config, temperature, topK) and the problem.
    /// </summary>
    /// <param name="heads">minGPT's head count, for a transformer checkpoint without a YAML config</param>
    /// <param name="resolution">the image side, for a VQGAN checkpoint without a YAML config</param>
    public static HostedModel Taming(string id, string path, string? config, IReadOnlyList<(string Path, string? Config)> evaluators,
        PriorSampling sampling, torch.Device device, int? heads = null, int? resolution = null)
    {
        var owned = new List<IDisposable>();
        try
        {
            var (checkpoint, yaml) = Part("path", () => TamingFiles.Find(path, config));
            // A config the registration names is its own field; one found beside the checkpoint belongs to the path.
            if (config is not null) Part("config", () => TamingYaml.Read(config));
            var taming = Part("path", () => TamingLoader.Load(checkpoint, new TamingLoadOptions { Config = yaml, Heads = heads, Resolution = resolution }).To(device));
            owned.Add(taming);
            var judges = new List<TorchScriptEvaluator>();
            foreach (var (evaluator, i) in evaluators.Select((e, i) => (e, i)))
            {
                var options = Part(evaluator.Config is null ? $"evaluators[{i}].path" : $"evaluators[{i}].config", () => TorchScriptEvaluatorConfig.Read(evaluator.Path, evaluator.Config));
                judges.Add(Part($"evaluators[{i}].path", () => TorchScriptEvaluator.Load(evaluator.Path, options).To(device)));
                owned.Add(judges[^1]);
            }
            var names = judges.Select(j => j.Name).ToList();
            if (names.Distinct().Count() != names.Count)
                throw new ModelPartException("evaluators", $"Two evaluators are named alike ({string.Join(", ", names)}): give each a \"name\" in its config.");
            if (PriorSampling.TemperatureProblem(sampling.Temperature) is { } temperature) throw new ModelPartException("temperature", temperature);
            Part("topK", () => sampling.Validate(taming.CodebookSize));
            return new HostedModel(id, taming, judges, Classes(taming.Prior, judges), sampling, world: null, owned);
        }
        catch
        {
            foreach (var item in owned) item.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The class ids concepts may name: those every evaluator can judge and the prior (when there is one) can draw, named by the
    /// first evaluator's labels. A cin transformer conditions on ids from its codebook-sized embedding table, so it "knows" more
    /// classes than its evaluators score; those would only ever be judged as some other class. Without evaluators the prior's ids are numbered.
    /// </summary>
    static List<string> Classes(ITokenPrior? prior, IReadOnlyList<TorchScriptEvaluator> judges)
    {
        if (judges.Count == 0) return Enumerable.Range(0, prior?.Classes ?? 0).Select(i => $"class {i}").ToList();
        var judged = judges.Min(j => j.Labels.Count);
        return judges[0].Labels.Take(Math.Min(judged, prior?.Classes ?? judged)).ToList();
    }

    static T Part<T>(string field, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (ModelLoadException e) when (e.MissingOption is { } option)
        {
            throw new ModelPartException(option, e.Message.Split('\n', 2)[0].Trim(), e);
        }
        catch (Exception e) when (e is ModelLoadException or InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new ModelPartException(field, e.Message.Split('\n', 2)[0].Trim(), e);
        }
    }

    static void Part(string field, Action check) => Part(field, () =>
    {
        check();
        return 0;
    });

    public static StoredModelFacts Facts(HostedModel hosted, long fileBytes)
    {
        var (parameters, prior) = hosted.Model switch
        {
            TamingModel taming => (Count(taming.Vqgan), taming.Transformer is { } t ? Count(t.Gpt) : 0),
            BuiltInModel builtIn => (Count(builtIn.Tokenizer), Count(builtIn.Prior)),
            _ => (0L, 0L),
        };
        return new StoredModelFacts
        {
            ImageSize = hosted.Model.ImageSize, GridSize = hosted.Model.GridSize, CodebookSize = hosted.Model.CodebookSize,
            EmbeddingDim = hosted.Model.EmbeddingDim, Parameters = parameters, PriorParameters = prior, FileBytes = fileBytes,
            HasPrior = hosted.Model.Prior is not null, Classes = [.. hosted.Classes],
            Evaluators = hosted.Judges.Select(j => j is TorchScriptEvaluator e
                ? new StoredEvaluatorFacts(e.Name, e.Options.InputSize, e.Labels.Count) { InputSizeNote = e.InputSizeNote }
                : new StoredEvaluatorFacts(j.Name, hosted.Model.ImageSize, hosted.Classes.Count)).ToList(),
            Sources = hosted.World is not null ? [.. AllSources] : hosted.Model.Prior is not null ? ["generated", "uploaded"] : ["uploaded"],
        };
    }

    static long Count(torch.nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>Bytes on disk of a model given as a file or a folder (its checkpoint).</summary>
    public static long FileBytes(string path, string? config)
    {
        var (checkpoint, _) = TamingFiles.Find(path, config);
        return new FileInfo(checkpoint).Length;
    }
}
