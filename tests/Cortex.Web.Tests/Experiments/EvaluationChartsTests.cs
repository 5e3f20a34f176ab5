using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;

namespace Cortex.Web.Tests.Experiments;

/// <summary>The evaluation tab draws its masking and deletion curves with uPlot, like every chart of the dashboard.</summary>
public sealed class EvaluationChartsTests : DashboardContext
{
    [Fact]
    public void Masking_and_deletion_curves_are_uplot_charts_with_a_line_per_series()
    {
        var run = FakeExperimentService.Experiment("e1", "evaluate", ExperimentMethod.Evaluation, ExperimentStatus.Succeeded, "c1");
        Experiments.Experiments.Add(run);
        var drops = new Dictionary<string, DropCurve> { ["cnn"] = new([0, 0.2, 0.4], [0, 0.05, 0.1]), ["mlp"] = new([0, 0.1, 0.3], [0, 0.02, 0.04]) };
        Experiments.Evaluations["e1"] = new EvaluationReport(new MaskingTable([0, 8, 16], 32, drops, drops),
            new Dictionary<string, double> { ["gradient"] = 0.3, ["random"] = 0.5 },
            new Dictionary<string, Curve> { ["gradient"] = new([0, 0.5, 1], [0.9, 0.4, 0.1]), ["random"] = new([0, 0.5, 1], [0.9, 0.7, 0.1]) },
            null, null);

        var tab = Render<EvaluationTab>(p => p.Add(c => c.Experiment, run));

        var charts = tab.WaitForElements("figure.uplot-chart");
        Assert.Equal(["masking-pixel", "masking-token", "deletion"], charts.Select(c => c.GetAttribute("data-testid")));
        Assert.Empty(tab.FindAll("svg polyline"));
        Assert.Equal("Deletion curves: gradient, random", tab.Find("[data-testid=deletion] .uplot-host").GetAttribute("aria-label"));
        // A TIS and a random line per evaluator, each exported point by point.
        var csv = Uri.UnescapeDataString(tab.Find("[data-testid=masking-token] [data-testid=export-csv]").GetAttribute("href")!.Split(',', 2)[1]);
        Assert.Equal(1 + drops.Count * 2 * 3, csv.Trim().Split('\n').Length);
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "import" && (string?)i.Arguments[0] == "./js/charts.js");
    }
}
