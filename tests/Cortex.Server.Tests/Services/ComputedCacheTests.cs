using Cortex.Server.Services;

namespace Cortex.Server.Tests.Services;

/// <summary>The cache of computed pictures and sets: one build shared by concurrent callers, failures never kept.</summary>
public sealed class ComputedCacheTests
{
    [Fact]
    public async Task A_failed_build_keeps_its_own_error_and_the_next_caller_builds_again()
    {
        using var cache = new ComputedCache<string, int>(4);
        var builds = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync("atlas", async () =>
        {
            builds++;
            await Task.Yield();
            throw new InvalidOperationException("the model could not be decoded");
        }, CancellationToken.None));
        Assert.Equal("the model could not be decoded", failure.Message);

        // The failed build's removal runs as a continuation: ask until it has, as the next page load would.
        var value = 0;
        for (var attempt = 0; attempt < 100 && value == 0; attempt++)
        {
            try
            {
                value = await cache.GetAsync("atlas", () => { builds++; return Task.FromResult(42); }, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(10);
            }
        }
        Assert.Equal(42, value);
        Assert.Equal(2, builds);
        Assert.Equal(42, await cache.GetAsync("atlas", () => { builds++; return Task.FromResult(0); }, CancellationToken.None));
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_build_and_one_who_leaves_does_not_cancel_it()
    {
        using var cache = new ComputedCache<string, int>(4);
        var release = new TaskCompletionSource<int>();
        var builds = 0;
        Task<int> Build()
        {
            Interlocked.Increment(ref builds);
            return release.Task;
        }
        using var leaving = new CancellationTokenSource();

        var first = cache.GetAsync("k", Build, leaving.Token);
        var second = cache.GetAsync("k", Build, CancellationToken.None);
        leaving.Cancel();
        release.SetResult(7);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(7, await second);
        Assert.Equal(1, builds);
    }

    [Fact]
    public async Task Removed_keys_build_again()
    {
        using var cache = new ComputedCache<(string Model, int Class), int>(8);
        var builds = 0;
        Task<int> Build()
        {
            builds++;
            return Task.FromResult(builds);
        }

        await cache.GetAsync(("m", 1), Build, CancellationToken.None);
        await cache.GetAsync(("m", 2), Build, CancellationToken.None);
        await cache.GetAsync(("other", 1), Build, CancellationToken.None);
        cache.RemoveWhere(k => k.Model == "m");

        Assert.Equal(4, await cache.GetAsync(("m", 1), Build, CancellationToken.None));
        Assert.Equal(3, await cache.GetAsync(("other", 1), Build, CancellationToken.None));
    }
}
