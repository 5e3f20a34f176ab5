using System.Globalization;
using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

/// <summary>The Saliency tab's colour scale and its side-by-side TIS methods.</summary>
public sealed class SaliencyMethodsTests : DashboardContext
{
    const int Grid = 4;
    static readonly float[] Tis0 = [.. Enumerable.Range(0, 16).Select(i => -0.25f + i / 10f)];

    public SaliencyMethodsTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Concepts.Concepts.Add(FakeConceptService.Concept("c2", "blue square", classId: 1));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "saliency run", ExperimentMethod.SampleLevel, ExperimentStatus.Succeeded, "c1", "c2"));
        long[] tokens = [.. Enumerable.Range(0, 16).Select(i => (long)i)];
        Experiments.Saliency["e1"] = new SaliencyData("e1", Grid, ["red circle", "blue square"], [0, 1], [tokens, tokens], [Tis0, [.. Enumerable.Repeat(0.5f, 16)]]);
        Probes.Subjects["e1"] = (["red circle", "blue square"], [tokens, tokens], [0, 1]);
    }

    IRenderedComponent<ExperimentDetails> Open()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("experiments/e1?tab=saliency&image=0");
        return Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
    }

    static string G3(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_legend_spans_the_maps_lowest_to_highest_tis_and_follows_the_opacity()
    {
        var page = Open();

        var legend = page.WaitForElement("[data-testid=saliency-legend]");
        Assert.Equal(G3(Tis0.Min()), legend.QuerySelector("[data-testid=legend-low]")!.TextContent);
        Assert.Equal(G3((Tis0.Min() + Tis0.Max()) / 2), legend.QuerySelector("[data-testid=legend-middle]")!.TextContent);
        Assert.Equal(G3(Tis0.Max()), legend.QuerySelector("[data-testid=legend-high]")!.TextContent);
        Assert.Contains(Colormaps.Css("inferno", 1, 0.6), legend.QuerySelector(".saliency-legend-bar")!.GetAttribute("style"));

        var slider = page.FindComponent<MudSlider<double>>();
        await slider.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(0.3));
        page.WaitForAssertion(() => Assert.Contains(Colormaps.Css("inferno", 1, 0.3),
            page.Find("[data-testid=saliency-legend] .saliency-legend-bar").GetAttribute("style")));
    }

    [Fact]
    public void Comparing_shows_every_tis_method_on_the_same_image_each_with_its_own_scale()
    {
        var page = Open();
        page.WaitForElement("[data-testid=saliency-legend]");

        page.FindComponent<MudSwitch<bool>>().Find("input").Change(true);

        var methods = page.WaitForElements("[data-testid=tis-method]");
        Assert.Equal(["gradient", "smoothgrad", "gradient-x-input", "integrated-gradients", "occlusion"], methods.Select(m => m.GetAttribute("data-method")));
        foreach (var method in methods)
        {
            Assert.Equal(Grid * Grid, method.QuerySelectorAll(".token-grid-cell").Length);
            Assert.NotNull(method.QuerySelector(".saliency-legend"));
            Assert.Contains("image 0", method.QuerySelector("img")!.GetAttribute("alt")!, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_run_that_predates_probing_says_so_instead_of_the_methods()
    {
        Probes.Unavailable["e1"] = "This run predates probing: it did not keep its trained extractor. Re-run it to probe its images.";
        var page = Open();
        page.WaitForElement("[data-testid=saliency-legend]");

        page.FindComponent<MudSwitch<bool>>().Find("input").Change(true);

        page.WaitForAssertion(() => Assert.Contains("predates probing", page.Find("[data-testid=methods-unavailable]").TextContent));
    }
}
