using Cortex.Compute.Models;

namespace Cortex.Compute.Quality;

/// <summary>One quality figure checked against its bar from WORLD.md; a share (0..1) reads as a percentage, as its bar does.</summary>
public sealed record BarCheck(string Name, double Value, string Bar, bool Meets, bool IsShare = false);

/// <summary>WORLD.md's quality bars for the shipped default model, applied to a measured report.</summary>
public static class QualityBars
{
    public const double MinPsnrDb = 26;
    public const double MinReconAccuracyRatio = 0.95;
    public const double MinCodebookUsage = 0.60;
    public const double MinMeanAgreement = 0.85;
    public const double MinClassAgreement = 0.70;
    public const double MinShortcutRate = 0.75;
    public const double MinEvaluatorAccuracy = 0.98;

    public static IReadOnlyList<BarCheck> Check(QualityReport quality)
    {
        var checks = new List<BarCheck>
        {
            new("reconstruction PSNR (dB)", quality.ReconPsnrDb, $"≥ {MinPsnrDb}", quality.ReconPsnrDb >= MinPsnrDb),
            new("codebook usage", quality.CodebookUsage, $"≥ {MinCodebookUsage * 100:0} %", quality.CodebookUsage >= MinCodebookUsage, IsShare: true),
        };
        foreach (var (name, accuracy) in quality.EvaluatorAccuracy)
        {
            checks.Add(new($"evaluator {name} accuracy", accuracy, $"≥ {MinEvaluatorAccuracy}", accuracy >= MinEvaluatorAccuracy));
            var onRecon = quality.EvaluatorAccuracyOnRecon[name];
            checks.Add(new($"evaluator {name} accuracy on reconstructions", onRecon, $"≥ {MinReconAccuracyRatio} × {accuracy:0.###}",
                onRecon >= MinReconAccuracyRatio * accuracy));
        }
        var agreement = quality.PriorClassAgreement;
        checks.Add(new("prior class agreement (mean)", agreement.Mean, $"≥ {MinMeanAgreement}", agreement.Mean >= MinMeanAgreement));
        var worst = agreement.PerClass.MinBy(p => p.Value);
        checks.Add(new($"prior class agreement (worst: {worst.Key})", worst.Value, $"≥ {MinClassAgreement}", worst.Value >= MinClassAgreement));
        checks.Add(new("shortcut rate of generated images", quality.ShortcutRate, $"≥ {MinShortcutRate}", quality.ShortcutRate >= MinShortcutRate));
        return checks;
    }
}
