using Cortex.Compute.Evaluation;

namespace Cortex.Compute.Tests.Evaluation;

[Collection(TorchCollection.Name)]
public sealed class ShortcutReviewTests
{
    [Fact]
    public void A_token_is_attached_by_the_generator_only_when_it_sits_in_significantly_more_generated_images()
    {
        // Ten 1×2 grids per group. Token 2 sits in 9 generated grids and no real one: P(X ≥ 9 | Binomial(9, ½)) = 1/512.
        // Token 3 in 6 generated and 4 real grids: P(X ≥ 6 | Binomial(10, ½)) = 386/1024. Token 4 fills both cells of
        // one generated grid — one image, not two: P = 1/2. Token 1 is in 3 generated and 10 real grids, token 0 only in real ones.
        var generated = new long[20];
        var real = new long[20];
        for (var i = 0; i < 10; i++)
        {
            (generated[2 * i], generated[2 * i + 1]) = (1, 2);
            (real[2 * i], real[2 * i + 1]) = (1, 0);
        }
        for (var i = 0; i < 6; i++) generated[2 * i] = 3;
        for (var i = 0; i < 4; i++) real[2 * i] = 3;
        (generated[18], generated[19]) = (4, 4);
        using var g = tensor(generated, [10, 1, 2]);
        using var r = tensor(real, [10, 1, 2]);

        var attached = ShortcutReview.OverRepresented(g, r, codebookSize: 5);

        Assert.Equal([false, false, true, false, false], attached);
    }
}
