using Cortex.Compute.Models.Taming;
using Cortex.Server.Models;
using Cortex.Server.Storage;

namespace Cortex.Server.Cluster;

/// <summary>
/// Lists a model's files for a worker and shelves them (<see cref="ContentShelf"/>): every file of the built-in model's folder,
/// or a registered model's checkpoint, config and evaluators, each in a folder of its own so a worker rebuilds the same
/// names (an evaluator's name comes from its file's name).
/// </summary>
public sealed class ModelManifests(ModelRegistry registry, CortexDatabase database, ModelsDirectory directory, ContentShelf shelf)
{
    public ModelManifest For(string modelId)
    {
        if (modelId == ModelRegistry.BuiltInId)
        {
            var files = Directory.GetFiles(registry.BuiltInDirectory).Order(StringComparer.Ordinal)
                .Select(path => File(Path.GetFileName(path), path)).ToList();
            return new ModelManifest(modelId, StoredModel.BuiltInKind, files, null);
        }
        var document = database.Models.FindById(modelId) ?? throw new InvalidOperationException($"Model '{modelId}' is not registered.");
        var (checkpoint, config) = TamingFiles.Find(directory.Full(document.Path), document.Config is null ? null : directory.Full(document.Config));
        var listed = new List<ContentFile> { File($"model/{Path.GetFileName(checkpoint)}", checkpoint) };
        if (config is not null) listed.Add(File($"config/{Path.GetFileName(config)}", config));
        var evaluators = new List<StoredEvaluatorFile>();
        foreach (var (evaluator, i) in document.Evaluators.Select((e, i) => (e, i)))
        {
            var path = File($"evaluator-{i}/{Path.GetFileName(evaluator.Path)}", directory.Full(evaluator.Path));
            var settings = evaluator.Config is null ? null : File($"evaluator-{i}-config/{Path.GetFileName(evaluator.Config)}", directory.Full(evaluator.Config));
            listed.Add(path);
            if (settings is not null) listed.Add(settings);
            evaluators.Add(new StoredEvaluatorFile(path.Path, settings?.Path));
        }
        var registration = document with { Path = listed[0].Path, Config = config is null ? null : listed[1].Path, Evaluators = evaluators };
        return new ModelManifest(modelId, document.Kind, listed, registration);
    }

    ContentFile File(string name, string path) => new(name, shelf.AddFile(path), new FileInfo(path).Length);
}
