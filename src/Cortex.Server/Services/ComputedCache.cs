using Microsoft.Extensions.Caching.Memory;

namespace Cortex.Server.Services;

/// <summary>
/// Results that cost compute to make, kept in a <see cref="MemoryCache"/> of at most <paramref name="capacity"/>
/// entries (it compacts the least recently used). Callers asking for a key while it is being built share that
/// one build; a build that fails or is cancelled is not kept, so the next caller tries again.
/// </summary>
public sealed class ComputedCache<TKey, TValue>(int capacity) : IDisposable where TKey : notnull
{
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = capacity });
    readonly Lock _gate = new();

    public Task<TValue> GetAsync(TKey key, Func<Task<TValue>> build, CancellationToken cancellationToken)
    {
        Lazy<Task<TValue>> lazy;
        // MemoryCache.GetOrCreate may run its factory twice for one key: the lock makes one build per key.
        lock (_gate) lazy = _cache.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            return new Lazy<Task<TValue>>(build);
        })!;
        var task = lazy.Value;
        if (!task.IsCompletedSuccessfully)
            _ = task.ContinueWith(_ => Forget(key, lazy), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return task.WaitAsync(cancellationToken);
    }

    public void Remove(TKey key) => _cache.Remove(key);

    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _cache.Keys.OfType<TKey>().Where(match).ToList()) _cache.Remove(key);
    }

    /// <summary>Only the failed build itself: a newer one under the same key stays.</summary>
    void Forget(TKey key, Lazy<Task<TValue>> failed)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var current) && ReferenceEquals(current, failed)) _cache.Remove(key);
        }
    }

    public void Dispose() => _cache.Dispose();
}
