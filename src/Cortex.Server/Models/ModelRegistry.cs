using Cortex.Compute.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Models;

/// <summary>
/// The loaded models, lent out to the work that uses them. The built-in model stays loaded; registered ones
/// load on first use, and beyond <see cref="CortexOptions.MaxLoadedModels"/> the least recently used one is
/// unloaded — once the last work holding it has ended, never under it. Only the bookkeeping (and a load) is
/// serialized, behind an asynchronous lock; the work itself runs outside it, so experiments, samples and
/// codebook pictures share the device (the worker's slots bound how many experiments run at once).
/// </summary>
public sealed class ModelRegistry(HostedModel builtIn, string builtInDirectory, CortexDatabase database, ModelsDirectory directory,
    IOptions<CortexOptions> options, torch.Device device) : IDisposable
{
    public const string BuiltInId = "builtin";

    internal sealed class Entry(HostedModel model)
    {
        public HostedModel Model { get; } = model;
        public int Leases;
        public long LastUse;
        /// <summary>Unloaded or evicted while lent: disposed when the last lease ends.</summary>
        public bool Retired;
    }

    /// <summary>Guards the bookkeeping below; held only for a few instructions, never across a load or any work.</summary>
    readonly Lock _books = new();
    /// <summary>One load at a time, so that two callers never load the same model twice; waited for asynchronously.</summary>
    readonly SemaphoreSlim _loads = new(1, 1);
    readonly Dictionary<string, Entry> _loaded = [];
    readonly Entry _builtIn = new(builtIn);
    long _uses;
    bool _disposed;

    public HostedModel BuiltIn { get; } = builtIn;

    public string BuiltInDirectory { get; } = builtInDirectory;

    public torch.Device Device { get; } = device;

    /// <summary>Runs <paramref name="work"/> on the thread pool with the model lent to it, loading the model first when needed.</summary>
    public async Task<T> RunAsync<T>(string modelId, Func<HostedModel, T> work, CancellationToken cancellationToken)
    {
        using var lease = await LeaseAsync(modelId, cancellationToken);
        return await Task.Run(() => work(lease.Model), cancellationToken);
    }

    /// <summary>Lends a model until the lease is disposed; it is not unloaded meanwhile.</summary>
    public async Task<Lease> LeaseAsync(string modelId, CancellationToken cancellationToken)
    {
        if (TryLend(modelId) is { } lent) return lent;
        await _loads.WaitAsync(cancellationToken);
        try
        {
            if (TryLend(modelId) is { } loadedMeanwhile) return loadedMeanwhile;
            var model = await LoadAsync(modelId, cancellationToken);
            lock (_books)
            {
                if (_disposed)
                {
                    model.Dispose();
                    throw new ObjectDisposedException(nameof(ModelRegistry));
                }
                return Lend(Keep(modelId, model));
            }
        }
        finally
        {
            _loads.Release();
        }
    }

    /// <summary>Keeps a model loaded for a registration under <paramref name="id"/>.</summary>
    public void Adopt(string id, HostedModel model)
    {
        lock (_books)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Keep(id, model);
        }
    }

    /// <summary>Unloads a model that is no longer registered (when the work still holding it ends).</summary>
    public void Unload(string id)
    {
        lock (_books)
        {
            if (_loaded.Remove(id, out var entry)) Retire(entry);
        }
    }

    Lease? TryLend(string modelId)
    {
        lock (_books)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return (modelId == BuiltInId ? _builtIn : _loaded.GetValueOrDefault(modelId)) is { } entry ? Lend(entry) : null;
        }
    }

    Lease Lend(Entry entry)
    {
        entry.Leases++;
        entry.LastUse = ++_uses;
        return new Lease(this, entry);
    }

    Task<HostedModel> LoadAsync(string modelId, CancellationToken cancellationToken)
    {
        var document = database.Models.FindById(modelId) ?? throw new ModelLoadException($"Model '{modelId}' is not registered.");
        return Task.Run(() =>
        {
            try
            {
                return ModelLoading.Taming(document.Id, directory.Full(document.Path), document.Config is null ? null : directory.Full(document.Config),
                    document.Evaluators.Select(e => (directory.Full(e.Path), e.Config is null ? null : directory.Full(e.Config))).ToList(),
                    new PriorSampling(document.Temperature, document.TopK), Device, document.Heads, document.Resolution);
            }
            catch (ModelPartException e)
            {
                throw new ModelLoadException($"Model '{document.Name}' could not be loaded from the models directory ({e.Field}): {e.Message}", e);
            }
        }, cancellationToken);
    }

    Entry Keep(string id, HostedModel model)
    {
        if (_loaded.Remove(id, out var replaced)) Retire(replaced);
        var entry = new Entry(model) { LastUse = ++_uses };
        _loaded[id] = entry;
        while (_loaded.Count > options.Value.MaxLoadedModels)
        {
            var oldest = _loaded.Where(e => e.Key != id).MinBy(e => e.Value.LastUse);
            _loaded.Remove(oldest.Key);
            Retire(oldest.Value);
        }
        return entry;
    }

    static void Retire(Entry entry)
    {
        entry.Retired = true;
        if (entry.Leases == 0) entry.Model.Dispose();
    }

    void Return(Entry entry)
    {
        lock (_books)
        {
            if (--entry.Leases == 0 && entry.Retired) entry.Model.Dispose();
        }
    }

    /// <summary>Unloads everything; a model still lent (its work stops at its next cancellation check) goes when its lease ends.</summary>
    public void Dispose()
    {
        lock (_books)
        {
            if (_disposed) return;
            _disposed = true;
            Retire(_builtIn);
            foreach (var entry in _loaded.Values) Retire(entry);
            _loaded.Clear();
        }
    }

    /// <summary>A model lent to one piece of work.</summary>
    public sealed class Lease : IDisposable
    {
        readonly ModelRegistry _registry;
        readonly Entry _entry;
        int _returned;

        internal Lease(ModelRegistry registry, Entry entry) => (_registry, _entry) = (registry, entry);

        public HostedModel Model => _entry.Model;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0) _registry.Return(_entry);
        }
    }
}
