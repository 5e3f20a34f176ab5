using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Models.Taming;
using Cortex.Compute.World;

namespace Cortex.Server.Models;

/// <summary>Loads models into <see cref="HostedModel"/>s and reads their <see cref="ModelFacts"/>.</summary>
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
    /// naming the registration field at fault (path, evaluators[i].path, topK) and the problem.
    /// </summary>
    public static HostedModel Taming(string id, string path, string? config, IReadOnlyList<(string Path, string? Config)> evaluators,
        PriorSampling sampling, torch.Device device)
    {
        var owned = new List<IDisposable>();
        try
        {
            var taming = Part("path", () =>
            {
                var (checkpoint, yaml) = TamingFiles.Find(path, config);
                return TamingLoader.Load(checkpoint, new TamingLoadOptions { Config = yaml }).To(device);
            });
            owned.Add(taming);
            var judges = new List<TorchScriptEvaluator>();
            foreach (var (evaluator, i) in evaluators.Select((e, i) => (e, i)))
            {
                judges.Add(Part($"evaluators[{i}].path", () => TorchScriptEvaluator.Load(evaluator.Path, TorchScriptEvaluatorConfig.Read(evaluator.Path, evaluator.Config)).To(device)));
                owned.Add(judges[^1]);
            }
            var names = judges.Select(j => j.Name).ToList();
            if (names.Distinct().Count() != names.Count)
                throw new ModelPartException("evaluators", $"Two evaluators are named alike ({string.Join(", ", names)}): give each a \"name\" in its config.");
            Part("topK", () => sampling.Validate(taming.CodebookSize));
            var labels = judges.FirstOrDefault()?.Labels ?? [];
            var count = taming.Prior?.Classes ?? labels.Count;
            var classes = Enumerable.Range(0, count).Select(i => i < labels.Count ? labels[i] : $"class {i}").ToList();
            return new HostedModel(id, taming, judges, classes, sampling, world: null, owned);
        }
        catch
        {
            foreach (var item in owned) item.Dispose();
            throw;
        }
    }

    static T Part<T>(string field, Func<T> load)
    {
        try
        {
            return load();
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

    public static ModelFacts Facts(HostedModel hosted, long fileBytes)
    {
        var (parameters, prior) = hosted.Model switch
        {
            TamingModel taming => (Count(taming.Vqgan), taming.Transformer is { } t ? Count(t.Gpt) : 0),
            BuiltInModel builtIn => (Count(builtIn.Tokenizer), Count(builtIn.Prior)),
            _ => (0L, 0L),
        };
        return new ModelFacts
        {
            ImageSize = hosted.Model.ImageSize, GridSize = hosted.Model.GridSize, CodebookSize = hosted.Model.CodebookSize,
            EmbeddingDim = hosted.Model.EmbeddingDim, Parameters = parameters, PriorParameters = prior, FileBytes = fileBytes,
            HasPrior = hosted.Model.Prior is not null, Classes = [.. hosted.Classes],
            Evaluators = hosted.Judges.Select(j => j is TorchScriptEvaluator e
                ? new EvaluatorFacts(e.Name, e.Options.InputSize, e.Labels.Count)
                : new EvaluatorFacts(j.Name, hosted.Model.ImageSize, hosted.Classes.Count)).ToList(),
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
