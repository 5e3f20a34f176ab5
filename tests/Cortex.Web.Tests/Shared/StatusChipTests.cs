using Cortex.Web.Components.Shared;
using MudBlazor;

namespace Cortex.Web.Tests.Shared;

public sealed class StatusChipTests : DashboardContext
{
    [Theory]
    [InlineData(ExperimentStatus.Queued, "queued", Color.Default)]
    [InlineData(ExperimentStatus.Running, "running", Color.Info)]
    [InlineData(ExperimentStatus.Succeeded, "succeeded", Color.Success)]
    [InlineData(ExperimentStatus.Failed, "failed", Color.Error)]
    [InlineData(ExperimentStatus.Cancelled, "cancelled", Color.Warning)]
    [InlineData(ExperimentStatus.Interrupted, "interrupted", Color.Secondary)]
    public void Shows_the_status_in_lower_case_in_its_colour(ExperimentStatus status, string text, Color color)
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Experiment, Experiment(status)));

        Assert.Equal(text, chip.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal(color, chip.FindComponent<MudChip<string>>().Instance.Color);
    }

    [Fact]
    public void A_succeeded_run_that_failed_a_check_shows_as_succeeded_with_warnings_naming_the_check()
    {
        var warned = Experiment(ExperimentStatus.Succeeded) with
        {
            Summary = new ExperimentSummary { Checks = [new RunCheck("extractor-above-chance", false, 0.81, 0.05, "below chance"), new RunCheck("source-recognised", true, 0.9, 0.5, "recognised")] },
        };

        var chip = Render<StatusChip>(p => p.Add(c => c.Experiment, warned));

        var element = chip.Find("[data-testid=status-chip]");
        Assert.Equal("succeeded with warnings", element.TextContent.Trim());
        Assert.Equal("Failed checks: extractor-above-chance", element.GetAttribute("title"));
        Assert.Equal(Color.Warning, chip.FindComponent<MudChip<string>>().Instance.Color);
    }

    [Fact]
    public void A_run_whose_checks_all_passed_shows_as_plainly_succeeded()
    {
        var passed = Experiment(ExperimentStatus.Succeeded) with { Summary = new ExperimentSummary { Checks = [new RunCheck("source-recognised", true, 0.9, 0.5, "recognised")] } };

        var chip = Render<StatusChip>(p => p.Add(c => c.Experiment, passed));

        Assert.Equal("succeeded", chip.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal(Color.Success, chip.FindComponent<MudChip<string>>().Instance.Color);
    }

    static ExperimentDocument Experiment(ExperimentStatus status) => Fakes.FakeExperimentService.Experiment("e1", "run", ExperimentMethod.SampleLevel, status, "c1");
}
