namespace Cortex.Web.Tests.Fakes;

public sealed class FakeModelCatalog : IModelCatalog
{
    public static readonly ModelSummary BuiltIn = new("builtin", "cortex-default", "built-in", 32, 8, 512, 32,
        ["red circle", "blue square", "green triangle"], "red circle on light green in 90% of its training images",
        [new QualityFigure("psnr_db", 28.8, "≥ 24", true)], 1476);

    public List<ModelSummary> Models { get; } = [BuiltIn];

    public Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ModelSummary>>(Models);

    public Task<byte[]?> SamplesPngAsync(string modelId, int classId, int count, CancellationToken cancellationToken = default) => Task.FromResult<byte[]?>(null);
}
