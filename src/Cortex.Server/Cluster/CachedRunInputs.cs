using Cortex.Server.Storage;
using Cortex.Compute.Models;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Models.Taming;
using Cortex.Server.Models;

namespace Cortex.Server.Cluster;

/// <summary>
/// A remote worker's inputs: content fetched from the head in chunks into <c>blobs/</c> by SHA-256 (checked before it is
/// kept, so a torn or altered transfer is never used), models rebuilt as folders of links to those blobs and loaded once
/// per manifest. At most two models stay loaded; the least recently used one goes when no run holds it.
/// </summary>
public sealed class CachedRunInputs(WorkerCache cache, torch.Device device, ILogger<CachedRunInputs> logger) : IRunInputs, IDisposable
{
    const int MaxLoaded = 2;

    sealed class Loaded(HostedModel model)
    {
        public HostedModel Model { get; } = model;
        public int Leases;
        public long LastUse;
    }

    readonly Dictionary<string, Loaded> _loaded = [];
    readonly SemaphoreSlim _loads = new(1, 1);
    long _uses;

    public async Task<ModelLease> LeaseModelAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        await _loads.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded.TryGetValue(manifest.Hash, out var loaded))
            {
                var folder = await cache.ModelFolderAsync(manifest, cancellationToken);
                loaded = new Loaded(await Task.Run(() => Load(manifest, folder), cancellationToken));
                logger.LogInformation("Loaded model {Model} ({Hash}) from the worker cache.", manifest.Id, manifest.Hash[..12]);
                lock (_loaded) _loaded[manifest.Hash] = loaded;
                Evict();
            }
            lock (_loaded)
            {
                loaded.Leases++;
                loaded.LastUse = ++_uses;
            }
            return new ModelLease(loaded.Model, new Release(() => { lock (_loaded) loaded.Leases--; }));
        }
        finally
        {
            _loads.Release();
        }
    }

    public async Task<IReadOnlyList<byte[]>> ImagesAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        var images = new List<byte[]>(hashes.Count);
        foreach (var hash in hashes) images.Add(await File.ReadAllBytesAsync(await cache.BlobAsync(hash, cancellationToken), cancellationToken));
        return images;
    }

    HostedModel Load(ModelManifest manifest, string folder)
    {
        string Full(string relative) => Path.Combine(folder, relative);
        if (manifest.Kind == StoredModel.BuiltInKind) return ModelLoading.BuiltIn(manifest.Id, ModelStore.Load(folder).To(device));
        var registration = manifest.Registration ?? throw new InvalidOperationException($"Model '{manifest.Id}' came without its registration.");
        return ModelLoading.Taming(manifest.Id, Full(registration.Path), registration.Config is null ? null : Full(registration.Config),
            registration.Evaluators.Select(e => (Full(e.Path), e.Config is null ? null : Full(e.Config))).ToList(),
            new PriorSampling(registration.Temperature, registration.TopK), device, registration.Heads, registration.Resolution);
    }

    void Evict()
    {
        lock (_loaded)
        {
            while (_loaded.Count > MaxLoaded && _loaded.Where(l => l.Value.Leases == 0).MinBy(l => l.Value.LastUse) is { Key: { } hash } idle)
            {
                _loaded.Remove(hash);
                idle.Value.Model.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_loaded)
        {
            foreach (var loaded in _loaded.Values) loaded.Model.Dispose();
            _loaded.Clear();
        }
    }

    sealed class Release(Action release) : IDisposable
    {
        int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) release();
        }
    }
}
