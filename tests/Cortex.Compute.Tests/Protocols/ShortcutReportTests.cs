using System.Text;
using Cortex.Compute.Evaluation;
using Cortex.Compute.Protocols;

namespace Cortex.Compute.Tests.Protocols;

public sealed class ShortcutReportTests
{
    [Fact]
    public void The_effect_table_shows_the_groups_each_delta_compares()
    {
        static BackgroundEffect Effect(double delta, GroupCounts counts) => new(delta, new ConfidenceInterval(delta - 0.1, delta + 0.1, 0.95), 0.0005, 0.002, counts);
        var planted = new ShortcutConceptReport("red circle", [222, 162], 0.9756, 1, new Dictionary<string, BackgroundEffect>
        {
            ["Grey"] = Effect(-0.28, new GroupCounts(77, 0, 163, 1.546)),
            ["LightGreen"] = Effect(1, new GroupCounts(45, 5.5778, 195, 0.0051)),
        });
        var control = new ShortcutConceptReport("blue square", [106], 0.3182, 0.375, new Dictionary<string, BackgroundEffect>
        {
            ["LightGreen"] = Effect(0.6771, new GroupCounts(48, 1.6667, 192, 0.1094)),
        });
        var md = new StringBuilder();

        ShortcutReport.Markdown(md, new ShortcutReport("LightGreen", 0.33, 0.05, 2000, planted, control));

        var text = md.ToString();
        Assert.Contains("| concept | background | images on / off | token positions per image on / off | Cliff's δ |", text);
        Assert.Contains("| red circle | Grey | 77 / 163 | 0.000 / 1.546 | -0.280 |", text);
        Assert.Contains("| red circle | **LightGreen** (planted) | 45 / 195 | 5.578 / 0.005 | 1.000 |", text);
        Assert.Contains("| blue square (control) | **LightGreen** (planted) | 48 / 192 | 1.667 / 0.109 | 0.677 |", text);
    }
}
