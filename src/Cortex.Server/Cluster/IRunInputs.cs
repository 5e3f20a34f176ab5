using Cortex.Server.Models;

namespace Cortex.Server.Cluster;

/// <summary>
/// Where a worker gets what an assignment names: the model, loaded and lent for the run, and the uploaded images by
/// content hash. The head's own worker reads them where they are (<see cref="HeadRunInputs"/>); a worker on another
/// machine fetches them from the head once and keeps them by hash (<see cref="CachedRunInputs"/>).
/// </summary>
public interface IRunInputs
{
    Task<ModelLease> LeaseModelAsync(ModelManifest manifest, CancellationToken cancellationToken);

    Task<IReadOnlyList<byte[]>> ImagesAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken);
}

/// <summary>A model lent to one run; disposing returns it.</summary>
public sealed class ModelLease(HostedModel model, IDisposable release) : IDisposable
{
    public HostedModel Model { get; } = model;

    public void Dispose() => release.Dispose();
}

/// <summary>The head's worker: models from the head's registry, images from its shelf, nothing copied.</summary>
public sealed class HeadRunInputs(ModelRegistry registry, ContentShelf shelf) : IRunInputs
{
    public async Task<ModelLease> LeaseModelAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        var lease = await registry.LeaseAsync(manifest.Id, cancellationToken);
        return new ModelLease(lease.Model, lease);
    }

    public Task<IReadOnlyList<byte[]>> ImagesAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<byte[]>>([.. hashes.Select(h => shelf.Read(h, 0, ContentShelf.MaxChunk))]);
}
