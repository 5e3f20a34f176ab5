namespace Cortex.Web.Services;

/// <summary>What the saliency and concept-token views compute from an experiment's TIS maps and token grids.</summary>
public static class SaliencyStats
{
    /// <summary>How often a token occurs in one concept's support images.</summary>
    public sealed record Presence(string Concept, int ImagesWithToken, int Images, int Occurrences)
    {
        public double ImageShare => Images == 0 ? 0 : (double)ImagesWithToken / Images;
    }

    public static IReadOnlyList<Presence> PresenceOf(SaliencyData data, long token) =>
        data.Concepts.Select((concept, k) =>
        {
            var images = Enumerable.Range(0, data.Count).Where(i => data.ConceptOf[i] == k).ToList();
            var counts = images.Select(i => data.Tokens[i].Count(t => t == token)).ToList();
            return new Presence(concept, counts.Count(c => c > 0), images.Count, counts.Sum());
        }).ToList();

    /// <summary>The <paramref name="n"/> positions of highest TIS, highest first (ties by position).</summary>
    public static IReadOnlyList<int> TopPositions(IReadOnlyList<float> tis, int n) =>
        Enumerable.Range(0, tis.Count).OrderByDescending(p => tis[p]).ThenBy(p => p).Take(n).ToList();

    /// <summary>Up to <paramref name="max"/> (image, position) places where a token occurs in a concept's images, the most important (by TIS) first.</summary>
    public static IReadOnlyList<(int Image, int Position)> Occurrences(SaliencyData data, int concept, long token, int max) =>
        Enumerable.Range(0, data.Count).Where(i => data.ConceptOf[i] == concept)
            .SelectMany(i => Enumerable.Range(0, data.Tokens[i].Length).Where(p => data.Tokens[i][p] == token).Select(p => (Image: i, Position: p)))
            .OrderByDescending(o => data.Tis[o.Image][o.Position]).Take(max).ToList();

    /// <summary>The images of one concept, in order.</summary>
    public static IReadOnlyList<int> ImagesOf(SaliencyData data, int concept) => Enumerable.Range(0, data.Count).Where(i => data.ConceptOf[i] == concept).ToList();
}
