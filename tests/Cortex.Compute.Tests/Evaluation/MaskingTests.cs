using Cortex.Compute.Evaluation;
using Cortex.Compute.Models;
using Cortex.Compute.Tests.Models;
using Cortex.Compute.World;
using static TorchSharp.torch.nn;

namespace Cortex.Compute.Tests.Evaluation;

/// <summary>The random baselines, the object-cell reader, and the evaluators' logits behind every masking drop.</summary>
[Collection(TorchCollection.Name)]
public sealed class MaskingTests
{
    [Fact]
    public void Object_first_positions_draw_only_object_cells_until_the_object_runs_out()
    {
        var objectCells = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 64).Select(p => (p + i) % 7 == 0).ToArray()).ToList();
        foreach (var n in new[] { 0, 3, 9, 20 })
        {
            var picked = Masking.ObjectFirstPositions(objectCells, n, seed: 3);
            Assert.Equal(picked, Masking.ObjectFirstPositions(objectCells, n, seed: 3));
            for (var i = 0; i < objectCells.Count; i++)
            {
                var onObject = Enumerable.Range(0, 64).Count(p => objectCells[i][p]);
                Assert.Equal(n, picked[i].Distinct().Count());
                // Every object cell comes before any other cell.
                Assert.All(picked[i].Take(Math.Min(n, onObject)), p => Assert.True(objectCells[i][p], $"n {n}: cell {p} is not the object's"));
                Assert.All(picked[i].Skip(onObject), p => Assert.False(objectCells[i][p]));
            }
        }
        Assert.Contains("n must lie", Assert.Throws<ArgumentException>(() => Masking.ObjectFirstPositions(objectCells, 65, 1)).Message);
    }

    [Fact]
    public void A_cell_is_the_objects_when_the_mask_covers_at_least_half_its_patch()
    {
        // 8×8 image, 2×2 grid of 4×4 patches: 8 pixels in the top-left patch, 7 in the top-right one.
        var mask = new bool[64];
        for (var i = 0; i < 8; i++) mask[i / 4 * 8 + i % 4] = true;
        for (var i = 0; i < 7; i++) mask[i / 4 * 8 + 4 + i % 4] = true;
        Assert.Equal([true, false, false, false], ObjectCells.FromPixels(mask, gridSize: 2, imageSize: 8));
    }

    [Fact]
    public void The_object_reader_ignores_a_distractor_of_the_same_colour()
    {
        // A 32×32 grey image: a red 12×12 square at (0, 0) and a red 4×4 square at (24, 24), which a pure colour test would also call the object.
        var red = Palette.Rgb(Colour.Red);
        var grey = Palette.Rgb(Background.Grey);
        var pixels = new float[3 * 32 * 32];
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < 32; y++)
        for (var x = 0; x < 32; x++)
        {
            var onObject = y < 12 && x < 12 || y >= 24 && y < 28 && x >= 24 && x < 28;
            pixels[(c * 32 + y) * 32 + x] = (onObject ? red[c] : grey[c]) * 2 - 1;
        }
        using var image = tensor(pixels, [1, 3, 32, 32]);
        var cells = ObjectCells.Read(image, [ClassTable.ByName("red circle")], gridSize: 8)[0];
        var expected = Enumerable.Range(0, 64).Select(p => p / 8 < 3 && p % 8 < 3).ToArray();
        Assert.Equal(expected, cells);
    }

    [Fact]
    public void Object_cells_read_from_rendered_images_agree_with_their_ground_truth()
    {
        var renderer = new Renderer(new WorldOptions());
        var images = ClassTable.All.SelectMany(c => Enumerable.Range(0, 8).Select(i => renderer.Render(5, i, c.Id))).ToList();
        using var pixels = WorldBatch.Stack(images);
        var read = ObjectCells.Read(pixels, images.Select(i => ClassTable.All[i.ClassId]).ToList(), gridSize: 8);
        var truth = images.Select(i => ObjectCells.FromPixels(i.ObjectMask, 8, i.Size)).ToList();
        var (precision, recall) = ObjectCells.Agreement(read, truth);
        Assert.True(precision >= 0.97 && recall >= 0.97, $"precision {precision}, recall {recall}");
    }

    [Fact]
    public void Judged_logits_and_probabilities_are_the_evaluators_own()
    {
        manual_seed(11);
        var evaluator = new LinearEvaluator();
        using var images = rand(5, 3, 4, 4).Times(2).Minus(1);
        using var classes = tensor(new long[] { 0, 2, 1, 2, 0 });
        var judged = EvaluatorScores.Judge(evaluator, images, classes);
        using var logits = evaluator.Logits(images).to(ScalarType.Float64);
        var rows = logits.data<double>().ToArray();
        for (var i = 0; i < 5; i++)
        {
            var row = rows[(i * 3)..((i + 1) * 3)];
            var own = row[classes[i].item<long>()];
            Assert.Equal(own, judged.Logit[i], 5);
            Assert.Equal(Math.Exp(own) / row.Sum(Math.Exp), judged.Probability[i], 5);
        }
    }

    [Fact]
    public void Masking_drops_are_the_mean_fall_of_the_evaluators_logit_and_probability()
    {
        using var model = TinyModels.Create();
        var evaluators = model.Judges;
        var cells = model.GridSize * model.GridSize;
        using var tokens = randint(0, model.CodebookSize, [6, model.GridSize, model.GridSize]);
        using var classes = tensor(new long[] { 0, 1, 2, 3, 4, 5 });
        IReadOnlyList<long[]> positions = Enumerable.Range(0, 6).Select(i => new long[] { i, cells - 1 - i, 2 * i }).ToList();
        using var judge = new MaskedJudge(model, evaluators, [new MaskGroup(tokens, classes)]);
        var drops = judge.Judge([new MaskJob(0, positions), new MaskJob(0, positions.Select(_ => Array.Empty<long>()).ToList())]);

        using var originals = EvaluatorScores.Decode(model, tokens);
        using var pixelMasked = Masking.Pixels(originals, positions, model.GridSize);
        using var tokenMasked = Masking.Tokens(tokens, positions, Compute.Importance.NeutralToken.Of(model.Codebook).Token);
        using var tokenImages = EvaluatorScores.Decode(model, tokenMasked);
        foreach (var evaluator in evaluators)
        {
            var before = Own(evaluator, originals, classes);
            foreach (var (after, drop) in new[] { (Own(evaluator, pixelMasked, classes), drops[0].Pixel[evaluator.Name]), (Own(evaluator, tokenImages, classes), drops[0].Token[evaluator.Name]) })
            {
                Assert.Equal(before.Logit.Zip(after.Logit, (b, a) => b - a).Average(), drop.Logit, 4);
                Assert.Equal(before.Probability.Zip(after.Probability, (b, a) => b - a).Average(), drop.Probability, 5);
            }
            Assert.Equal(0, drops[1].Pixel[evaluator.Name].Logit, 6);
        }
    }

    [Fact]
    public void A_masking_asked_for_again_is_judged_once()
    {
        using var model = TinyModels.Create();
        var counting = new CountingEvaluator(model.Judges[0]);
        using var tokens = randint(0, model.CodebookSize, [4, model.GridSize, model.GridSize]);
        using var classes = tensor(new long[] { 0, 1, 2, 3 });
        using var judge = new MaskedJudge(model, [counting], [new MaskGroup(tokens, classes)]);
        var first = judge.Judge([new MaskJob(0, [[1, 2], [3], [], [0]])]);
        var calls = counting.Calls;
        // The same cells listed in another order, asked twice in one call.
        var again = judge.Judge([new MaskJob(0, [[2, 1], [3], [], [0]]), new MaskJob(0, [[1, 2], [3], [], [0]])]);
        Assert.Equal(calls, counting.Calls);
        Assert.Equal(first[0], again[0]);
        Assert.Equal(first[0], again[1]);
        judge.Judge([new MaskJob(0, [[1, 2], [3], [5], [0]])]);
        Assert.True(counting.Calls > calls);
    }

    sealed class CountingEvaluator(IEvaluator inner) : IEvaluator
    {
        public int Calls { get; private set; }

        public string Name => inner.Name;

        public Tensor Logits(Tensor images)
        {
            Calls++;
            return inner.Logits(images);
        }
    }

    /// <summary>The true class's logit and probability from the evaluator's logits, computed here in float64.</summary>
    static (double[] Logit, double[] Probability) Own(IEvaluator evaluator, Tensor images, Tensor classes)
    {
        using var _ = no_grad();
        using var logits = evaluator.Logits(images).to(ScalarType.Float64).cpu();
        var width = (int)logits.shape[1];
        var flat = logits.data<double>().ToArray();
        var ids = classes.data<long>().ToArray();
        var rows = ids.Select((id, i) => (Row: flat[(i * width)..((i + 1) * width)], Id: (int)id)).ToList();
        return (rows.Select(r => r.Row[r.Id]).ToArray(), rows.Select(r => Math.Exp(r.Row[r.Id]) / r.Row.Sum(Math.Exp)).ToArray());
    }

    sealed class LinearEvaluator : IEvaluator
    {
        readonly Module<Tensor, Tensor> _layer = Sequential(Flatten(), Linear(48, 3));

        public string Name => "linear";

        public Tensor Logits(Tensor images) => _layer.call(images);
    }
}
