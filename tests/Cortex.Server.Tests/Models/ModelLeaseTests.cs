using Cortex.Compute.Models;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Tests.Models;

/// <summary>Models are lent to the work that uses them: several at once, and never unloaded under a borrower.</summary>
public sealed class ModelLeaseTests
{
    sealed class Tracked : IDisposable
    {
        public int Disposals;

        public void Dispose() => Disposals++;
    }

    static (HostedModel Model, Tracked Native) Model(string id)
    {
        var native = new Tracked();
        return (new HostedModel(id, null!, [], [], new PriorSampling(1, 0), null, [native]), native);
    }

    static ModelRegistry Registry(HostedModel builtIn, int maxLoaded = 1)
    {
        Compute.Native.TorchRuntime.Initialize();
        return new ModelRegistry(builtIn, "/models/builtin", null!, null!, Microsoft.Extensions.Options.Options.Create(new CortexOptions { MaxLoadedModels = maxLoaded }), TorchSharp.torch.CPU);
    }

    [Fact]
    public async Task Two_borrowers_hold_one_model_at_the_same_time()
    {
        using var registry = Registry(Model(ModelRegistry.BuiltInId).Model);
        var bothInside = new Barrier(2);

        // Under the old exclusive gate the second waited for the first, which waited for the second: a deadlock the timeout turns into a failure.
        var runs = Enumerable.Range(0, 2).Select(_ => registry.RunAsync(ModelRegistry.BuiltInId, model => bothInside.SignalAndWait(TimeSpan.FromSeconds(20)), CancellationToken.None));

        var met = await Task.WhenAll(runs);
        Assert.Equal([true, true], met);
    }

    [Fact]
    public async Task A_model_unloaded_or_evicted_while_lent_is_disposed_when_its_last_lease_ends()
    {
        var (builtIn, _) = Model(ModelRegistry.BuiltInId);
        using var registry = Registry(builtIn, maxLoaded: 1);
        var (first, firstNative) = Model("first");
        var (second, secondNative) = Model("second");
        registry.Adopt("first", first);

        var lease = await registry.LeaseAsync("first", CancellationToken.None);
        registry.Adopt("second", second);
        Assert.Equal(0, firstNative.Disposals);
        lease.Dispose();
        lease.Dispose();
        Assert.Equal(1, firstNative.Disposals);

        var secondLease = await registry.LeaseAsync("second", CancellationToken.None);
        registry.Unload("second");
        Assert.Equal(0, secondNative.Disposals);
        secondLease.Dispose();
        Assert.Equal(1, secondNative.Disposals);
    }

    [Fact]
    public async Task Disposing_the_registry_waits_for_the_built_in_models_borrowers()
    {
        var (builtIn, native) = Model(ModelRegistry.BuiltInId);
        var registry = Registry(builtIn);
        var lease = await registry.LeaseAsync(ModelRegistry.BuiltInId, CancellationToken.None);

        registry.Dispose();
        Assert.Equal(0, native.Disposals);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => registry.LeaseAsync(ModelRegistry.BuiltInId, CancellationToken.None));
        lease.Dispose();
        Assert.Equal(1, native.Disposals);
    }
}
