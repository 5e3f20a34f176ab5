using Cortex.Compute.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Models;

/// <summary>
/// The loaded models and the one gate to the compute device: libtorch work runs one caller at a time,
/// whatever the model. The built-in model stays loaded; registered ones load on first use and the least
/// recently used is unloaded when more than <see cref="CortexOptions.MaxLoadedModels"/> are held.
/// </summary>
public sealed class ModelRegistry(HostedModel builtIn, string builtInDirectory, CortexDatabase database, ModelsDirectory directory,
    IOptions<CortexOptions> options, torch.Device device) : IDisposable
{
    public const string BuiltInId = "builtin";

    readonly SemaphoreSlim _gate = new(1, 1);
    readonly Dictionary<string, (HostedModel Model, long LastUse)> _loaded = [];
    long _uses;
    bool _disposed;

    public HostedModel BuiltIn { get; } = builtIn;

    public string BuiltInDirectory { get; } = builtInDirectory;

    public torch.Device Device { get; } = device;

    /// <summary>Runs compute on one model with no other compute at the same time, loading the model first when needed.</summary>
    public T RunExclusive<T>(string modelId, Func<HostedModel, T> work, CancellationToken cancellationToken) =>
        RunExclusive(() => work(Get(modelId)), cancellationToken);

    /// <summary>Work that needs the device but no model (loading a candidate registration).</summary>
    public T RunExclusive<T>(Func<T> work, CancellationToken cancellationToken)
    {
        _gate.Wait(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Keeps a model loaded for a registration under <paramref name="id"/>; called under the gate by the registering work.</summary>
    public void Adopt(string id, HostedModel model) => Keep(id, model);

    /// <summary>Unloads a model that is no longer registered.</summary>
    public void Unload(string id)
    {
        _gate.Wait();
        try
        {
            if (_loaded.Remove(id, out var entry)) entry.Model.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    HostedModel Get(string modelId)
    {
        if (modelId == BuiltInId) return BuiltIn;
        if (_loaded.TryGetValue(modelId, out var entry))
        {
            _loaded[modelId] = (entry.Model, ++_uses);
            return entry.Model;
        }
        var document = database.Models.FindById(modelId) ?? throw new ModelLoadException($"Model '{modelId}' is not registered.");
        return Keep(modelId, Load(document));
    }

    HostedModel Load(ModelDocument document)
    {
        try
        {
            return ModelLoading.Taming(document.Id, directory.Full(document.Path), document.Config is null ? null : directory.Full(document.Config),
                document.Evaluators.Select(e => (directory.Full(e.Path), e.Config is null ? null : directory.Full(e.Config))).ToList(),
                new PriorSampling(document.Temperature, document.TopK), Device);
        }
        catch (ModelPartException e)
        {
            throw new ModelLoadException($"Model '{document.Name}' could not be loaded from the models directory ({e.Field}): {e.Message}", e);
        }
    }

    HostedModel Keep(string id, HostedModel model)
    {
        _loaded[id] = (model, ++_uses);
        while (_loaded.Count > options.Value.MaxLoadedModels)
        {
            var oldest = _loaded.Where(e => e.Key != id).MinBy(e => e.Value.LastUse);
            _loaded.Remove(oldest.Key);
            oldest.Value.Model.Dispose();
        }
        return model;
    }

    /// <summary>Waits for the work in progress (it stops at its next cancellation check), so no native memory is freed under it.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            BuiltIn.Dispose();
            foreach (var (model, _) in _loaded.Values) model.Dispose();
            _loaded.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
