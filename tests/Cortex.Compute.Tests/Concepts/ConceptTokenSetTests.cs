using Cortex.Compute.Concepts;

namespace Cortex.Compute.Tests.Concepts;

[Collection(TorchCollection.Name)]
public sealed class ConceptTokenSetTests
{
    // Two 2×2 images. Image 0 tokens [5, 7 / 7, 9], image 1 tokens [7, 5 / 3, 3].
    static readonly Tensor Tokens = tensor(new long[] { 5, 7, 7, 9, 7, 5, 3, 3 }, [2, 2, 2]);
    static readonly Tensor Scores = tensor(new float[] { 0.9f, 0.1f, 0.2f, 0.8f, 0.3f, 0.7f, 0.6f, 0.1f }, [2, 2, 2]);

    [Fact]
    public void Counts_the_tokens_at_each_images_top_positions()
    {
        // Top-2 positions: image 0 → tokens 5 (0.9) and 9 (0.8); image 1 → tokens 5 (0.7) and 3 (0.6).
        var set = ConceptTokenSet.Compute(Tokens, Scores, topN: 2, tokenNum: 3);
        Assert.Equal([new TokenCount(5, 2), new TokenCount(3, 1), new TokenCount(9, 1)], set);
        Assert.Equal([new TokenCount(5, 2)], ConceptTokenSet.Compute(Tokens, Scores, topN: 2, tokenNum: 1));
    }

    [Fact]
    public void The_frequency_baseline_ignores_saliency()
    {
        Assert.Equal([new TokenCount(7, 3), new TokenCount(3, 2)], FrequencyBaseline.Compute(Tokens, tokenNum: 2));
    }

    [Fact]
    public void Bad_sizes_are_refused_with_the_field_named()
    {
        Assert.Contains("top_n", Assert.Throws<ArgumentException>(() => ConceptTokenSet.Compute(Tokens, Scores, topN: 5, tokenNum: 1)).Message);
        Assert.Contains("token_num", Assert.Throws<ArgumentException>(() => ConceptTokenSet.Compute(Tokens, Scores, topN: 1, tokenNum: 0)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => FrequencyBaseline.Compute(zeros(0, 2, 2, dtype: ScalarType.Int64), 1)).Message);
        Assert.Contains("differ in shape", Assert.Throws<ArgumentException>(() => ConceptTokenSet.Compute(Tokens, Scores[0], 1, 1)).Message);
    }
}
