using Cortex.Compute.Evaluation;
using Cortex.Compute.World;
using Cortex.Server.Experiments;
using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Tests.Experiments;

/// <summary>A shortcut review opens a finding only when a background's effect AND its corrected significance hold.</summary>
public sealed class ShortcutFindingTests
{
    static readonly StoredConcept Concept = new() { Id = "c1", Name = "red circle", ModelId = "m1", ClassId = 0, CreatedBy = "alice", UpdatedBy = "alice" };
    static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    static readonly StoredExperiment Experiment = new()
    {
        Id = "e1", WorkspaceId = "lab", Name = "bias", ModelId = "m1", ConceptIds = ["c1"], Method = ExperimentMethod.ShortcutReview, Parameters = new(), CreatedBy = "alice",
    };

    static ShortcutEvidence Evidence(double delta, double correctedP) => new(new Dictionary<Background, BackgroundEffect>
    {
        [Background.LightGreen] = new(delta, new ConfidenceInterval(delta - 0.2, Math.Min(1, delta + 0.2), 0.95), correctedP / 4, correctedP, new GroupCounts(16, 3.5, 48, 0.4)),
        [Background.Grey] = new(-0.2, new ConfidenceInterval(-0.4, 0, 0.95), 0.3, 0.9, new GroupCounts(16, 0.2, 48, 1.4)),
    }, BackgroundFraction: 0.4, Examples: []);

    [Fact]
    public void A_medium_effect_that_is_not_significant_after_correction_opens_no_finding()
    {
        // The control concept's case: δ 0.35 is above the medium threshold, but chance explains it.
        var evidence = Evidence(0.35, correctedP: 0.2);
        Assert.Null(ShortcutFinding.Open(evidence, Experiment, Concept, [4, 7], Now));
        var note = ShortcutFinding.NoFinding(evidence, Concept.Name);
        Assert.Contains("LightGreen, δ = 0.35", note);
        Assert.Contains("Holm-corrected p 0.200", note);
    }

    [Fact]
    public void A_significant_but_small_effect_opens_no_finding()
    {
        Assert.Null(ShortcutFinding.Open(Evidence(0.2, correctedP: 0.001), Experiment, Concept, [4], Now));
    }

    [Fact]
    public void A_medium_and_significant_effect_opens_a_finding_with_its_interval_and_p_values()
    {
        var finding = ShortcutFinding.Open(Evidence(0.88, correctedP: 0.002), Experiment, Concept, [4, 7], Now);

        Assert.NotNull(finding);
        Assert.Equal(FindingStatus.Open, finding.Status);
        // A run in another workspace raises its finding there, not in the default one.
        Assert.Equal(("lab", "e1"), (finding.WorkspaceId, finding.ExperimentId));
        Assert.Equal([4L, 7], finding.Tokens);
        Assert.Contains("LightGreen", finding.Title);
        Assert.Equal(0.88, finding.Evidence[FindingEvidence.CliffsDeltaKey]);
        Assert.Equal(0.68, finding.Evidence[FindingEvidence.IntervalLowKey], 12);
        Assert.Equal(1.0, finding.Evidence[FindingEvidence.IntervalHighKey]);
        Assert.Equal(0.0005, finding.Evidence[FindingEvidence.PValueKey]);
        Assert.Equal(0.002, finding.Evidence[FindingEvidence.CorrectedPValueKey]);
        Assert.Equal(0.4, finding.Evidence[FindingEvidence.BackgroundFractionKey]);
    }

    [Fact]
    public void The_summary_carries_every_backgrounds_effect_interval_and_p_values()
    {
        var summary = new StoredExperimentSummary();
        ShortcutFinding.AddFigures(summary, Evidence(0.35, correctedP: 0.2));
        Assert.Equal(0.35, summary.Figures["shortcut.cliffs_delta.LightGreen"]);
        Assert.Equal(0.2, summary.Figures["shortcut.p_value_corrected.LightGreen"]);
        Assert.Equal(0.3, summary.Figures["shortcut.p_value.Grey"]);
        Assert.Equal(-0.4, summary.Figures["shortcut.cliffs_delta_ci_low.Grey"]);
        Assert.Equal(0.4, summary.Figures["shortcut.background_fraction"]);
        Assert.Equal("Holm-corrected p-value of Cliff's delta, light green background", FigureNames.Describe("shortcut.p_value_corrected.LightGreen"));
    }
}
