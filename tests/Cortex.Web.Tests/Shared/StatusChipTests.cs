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
        var chip = Render<StatusChip>(p => p.Add(c => c.Status, status));

        Assert.Equal(text, chip.Find("[data-testid=status-chip]").TextContent.Trim());
        Assert.Equal(color, chip.FindComponent<MudChip<string>>().Instance.Color);
    }
}
