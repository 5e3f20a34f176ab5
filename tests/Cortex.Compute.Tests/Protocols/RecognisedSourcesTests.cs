using Cortex.Compute.Models;
using Cortex.Compute.Protocols;

namespace Cortex.Compute.Tests.Protocols;

[Collection(TorchCollection.Name)]
public sealed class RecognisedSourcesTests
{
    /// <summary>An evaluator that gives image i (every pixel = i) the class-0 probability p[i] and the rest to class 1.</summary>
    sealed class TableEvaluator(string name, double[] p) : IEvaluator
    {
        public string Name => name;

        public Tensor Logits(Tensor images)
        {
            var index = images[.., 0, 0, 0].to(ScalarType.Int64).data<long>().ToArray();
            return tensor(index.SelectMany(i => new[] { (float)Math.Log(p[i]), (float)Math.Log(1 - p[i]) }).ToArray()).view(-1, 2);
        }
    }

    static Tensor Images(int count) => TensorMath.Arange(count, ScalarType.Float32, CPU).view(-1, 1, 1, 1).expand(-1, 3, 2, 2).contiguous();

    [Fact]
    public void The_candidates_every_evaluator_recognises_best_are_chosen()
    {
        IEvaluator[] evaluators = [new TableEvaluator("a", [0.95, 0.5, 0.99, 0.92, 0.3]), new TableEvaluator("b", [0.91, 0.99, 0.6, 0.97, 0.95])];
        using var images = Images(5);
        // The least convinced evaluator's probabilities: 0.91, 0.5, 0.6, 0.92, 0.3.
        var choice = RecognisedSources.Choose(evaluators, images, sourceClass: 0, count: 3, threshold: 0.9);
        Assert.Equal([3, 0, 2], choice.Chosen);
        Assert.Equal(5, choice.Candidates);
        Assert.Equal(2, choice.Recognised);
    }

    [Fact]
    public void One_evaluator_that_doubts_an_image_keeps_it_out()
    {
        IEvaluator[] evaluators = [new TableEvaluator("a", [0.999, 0.93]), new TableEvaluator("b", [0.2, 0.94])];
        using var images = Images(2);
        var choice = RecognisedSources.Choose(evaluators, images, sourceClass: 0, count: 1, threshold: 0.9);
        Assert.Equal([1], choice.Chosen);
        Assert.Equal(1, choice.Recognised);
        Assert.Contains("At least one", Assert.Throws<ArgumentException>(() => RecognisedSources.Choose(evaluators, images, 0, 0, 0.9)).Message);
    }
}
