using Cortex.Compute.Imaging;
using Cortex.Compute.Models;

namespace Cortex.Compute.Evaluation;

/// <summary>
/// Deletion curve: positions are replaced by the neutral token in a given order, a few at a time;
/// after each deletion the evaluators' probability of the true class is read. A faithful order makes
/// the curve fall fast: lower area = better.
/// </summary>
public sealed record DeletionCurve(double[] Fractions, double[] Probabilities)
{
    /// <summary>Trapezoid area under probability over deleted fraction (0..1).</summary>
    public double Area => Enumerable.Range(1, Fractions.Length - 1)
        .Sum(i => (Fractions[i] - Fractions[i - 1]) * (Probabilities[i] + Probabilities[i - 1]) / 2);

    /// <param name="tokens">[B, H, W]</param>
    /// <param name="order">[B][H·W] positions, first deleted first</param>
    /// <param name="points">number of deletion steps after the start (the grid is emptied at the last)</param>
    public static DeletionCurve Measure(IVqModel model, IReadOnlyList<IEvaluator> evaluators, Tensor tokens, Tensor classIds,
        IReadOnlyList<long[]> order, long neutralToken, int points)
    {
        var cells = (int)(tokens.shape[1] * tokens.shape[2]);
        if (points < 1) throw new ArgumentException($"A deletion curve needs at least one step, not {points}.");
        var fractions = new double[points + 1];
        var probabilities = new double[points + 1];
        for (var s = 0; s <= points; s++)
        {
            var deleted = (int)Math.Round((double)s * cells / points);
            fractions[s] = (double)deleted / cells;
            using var masked = Masking.Tokens(tokens, order.Select(o => o[..deleted]).ToList(), neutralToken);
            using var images = EvaluatorScores.Decode(model, masked);
            probabilities[s] = evaluators.Average(e => EvaluatorScores.Probability(e, images, classIds).Average());
        }
        return new DeletionCurve(fractions, probabilities);
    }

    /// <summary>Every order's curve in one chart (deletion.png), each labelled with its area.</summary>
    public static LineChart Chart(IReadOnlyDictionary<string, DeletionCurve> curves) =>
        new("Deletion curves (lower area = more faithful order)", "fraction of grid positions deleted (neutral token)",
            "evaluators' mean probability of the true class",
            curves.Select(c => new ChartLine($"{c.Key} (area {c.Value.Area:0.000})", c.Value.Fractions, c.Value.Probabilities)).ToList())
        { YRange = (0, 1) };
}
