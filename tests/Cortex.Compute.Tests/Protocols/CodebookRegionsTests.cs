using Cortex.Compute.Importance;
using Cortex.Compute.Protocols;
using Cortex.Compute.Tests.Models;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Tests.Protocols;

[Collection(TorchCollection.Name)]
public sealed class CodebookRegionsTests
{
    /// <summary>logit_c = Σ W[c] ⊙ e: its gradient is W[c] whatever the grid, so every TIS map is known by hand.</summary>
    sealed class LinearExtractor : Module<Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Parameter weights;

        public LinearExtractor(Tensor weights) : base(nameof(LinearExtractor))
        {
            this.weights = new TorchSharp.Modules.Parameter(weights, requires_grad: false);
            RegisterComponents();
            eval();
        }

        public override Tensor forward(Tensor embeddings) => einsum("bdhw,cdhw->bc", embeddings, weights);
    }

    const int Source = 0;
    const int Target = 1;

    /// <summary>
    /// Both concepts weigh the cells of their shared object (10, 11, 20) by 3 — more than anything else — and
    /// differ in a marking: the source's at cell 5 (weight 2), the target's at cells 40 and 41 (weight 1).
    /// Each weight is +w on channel 0 and −w on channel 1, so the signed max over channels of ±W is w.
    /// </summary>
    static LinearExtractor Extractor(int dim, int grid)
    {
        var weights = zeros(3, dim, grid, grid);
        void Set(int concept, int cell, float w)
        {
            weights[concept, 0, cell / grid, cell % grid] = tensor(w);
            weights[concept, 1, cell / grid, cell % grid] = tensor(-w);
        }
        foreach (var cell in new[] { 10, 11, 20 })
        {
            Set(Source, cell, 3);
            Set(Target, cell, 3);
        }
        Set(Source, 5, 2);
        Set(Target, 40, 1);
        Set(Target, 41, 1);
        return new LinearExtractor(weights);
    }

    [Fact]
    public void A_region_pair_edits_where_the_target_and_source_logits_differ_not_where_the_source_is_strongest()
    {
        using var model = TinyModels.Create();
        using var extractor = Extractor(model.EmbeddingDim, model.GridSize);
        using var sources = randint(model.CodebookSize, [2, model.GridSize, model.GridSize]);
        var importance = new ImportanceOptions { Method = ImportanceMethod.Gradient };
        var plan = new CodebookPlan(Source, Target, "fine-grained", WholeGrid: false);

        var regions = CodebookRegions.Of(model, extractor, sources, plan, size: 3, importance);

        // ∂(f_target − f_source)/∂e is 0 on the shared cells, −W_source at 5 and W_target at 40 and 41.
        Assert.All(regions, r => Assert.Equal([5, 40, 41], r.Positions));
        using var labels = TensorMath.Repeated(2, Source, model.Device);
        using var own = AttributionStage.Scores(extractor, model, sources, labels, importance);
        using var ownTop = own.Scores.flatten(1).topk(3, dim: 1).indexes.sort(dim: 1).Values;
        Assert.Equal([10L, 11L, 20L, 10L, 11L, 20L], ownTop.data<long>().ToArray());
        Assert.Equal("top 3 TIS positions of each source image for the target's logit minus the source's", CodebookRegions.Describe(plan, 3));
    }

    [Fact]
    public void A_whole_grid_pair_edits_every_position_and_the_extractor_survives_the_contrast()
    {
        using var model = TinyModels.Create();
        using var extractor = Extractor(model.EmbeddingDim, model.GridSize);
        using var sources = randint(model.CodebookSize, [2, model.GridSize, model.GridSize]);
        var whole = new CodebookPlan(Source, 2, "distant", WholeGrid: true);
        var fine = new CodebookPlan(Source, Target, "fine-grained", WholeGrid: false);

        var regions = CodebookRegions.Of(model, extractor, sources, whole, size: 3, new ImportanceOptions());
        CodebookRegions.Of(model, extractor, sources, fine, size: 3, new ImportanceOptions { Method = ImportanceMethod.Gradient });

        Assert.All(regions, r => Assert.Equal(model.GridSize * model.GridSize, r.Count));
        Assert.Equal("whole grid", CodebookRegions.Describe(whole, 3));
        using var grid = model.Embed(sources);
        using var logits = extractor.call(grid);
        Assert.Equal([2L, 3L], logits.shape);
    }
}
