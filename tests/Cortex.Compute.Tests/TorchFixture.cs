using Cortex.Compute.Native;

namespace Cortex.Compute.Tests;

/// <summary>Loads libtorch once for the whole test assembly; fails every torch test with the runtime's own message if it cannot.</summary>
public sealed class TorchFixture
{
    public TorchFixture() => Device = TorchRuntime.Initialize();

    public Device Device { get; }
}

[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>
{
    public const string Name = "torch";
}
