using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Cortex.Web.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>The form's fields show the limits the server registers, its configured caps included, not constants of their own.</summary>
public sealed class NewExperimentLimitsTests : DashboardContext
{
    public NewExperimentLimitsTests()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle", classId: 0));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        // A server configured below the defaults.
        Services.AddSingleton(new ExperimentLimits(MaxSteps: 500, MaxImagesPerConcept: 100));
    }

    [Fact]
    public async Task The_fields_bound_and_name_the_servers_configured_caps_and_the_shared_ranges()
    {
        Render<MudPopoverProvider>();
        var page = Render<NewExperiment>();

        var images = page.NumericField<int>("Images per concept").Instance;
        Assert.Equal((ExperimentLimits.MinImagesPerConcept, 100), (images.Min, images.Max));
        Assert.Equal($"{ExperimentLimits.MinImagesPerConcept}..100", images.HelperText);
        var topN = page.NumericField<int>("n (top tokens per image)").Instance;
        Assert.Equal((1, ExperimentLimits.MaxTopN), (topN.Min, topN.Max));
        Assert.Equal($"1..{ExperimentLimits.MaxTopN}", topN.HelperText);

        await page.Select("Method").ChooseAsync(ExperimentMethodNames.CodebookLevel);

        page.WaitForAssertion(() => Assert.Equal("1..500", page.NumericField<int>("Steps").Instance.HelperText));
        Assert.Equal(500, page.NumericField<int>("Steps").Instance.Max);
        var temperature = page.NumericField<double>("Temperature").Instance;
        Assert.Equal((ExperimentLimits.MinTemperature, ExperimentLimits.MaxTemperature), (temperature.Min, temperature.Max));
    }

    [Fact]
    public void The_method_select_offers_every_method_by_its_wire_name()
    {
        Render<MudPopoverProvider>();
        var page = Render<NewExperiment>();

        var offered = page.FindComponents<MudSelectItem<string>>().Select(i => i.Instance.Value).ToList();
        foreach (var method in Enum.GetValues<ExperimentMethod>()) Assert.Contains(ExperimentMethodNames.Name(method), offered);
    }
}
