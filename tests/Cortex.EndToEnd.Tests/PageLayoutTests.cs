using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>What a person sees in Chromium: navigation for visitors, page controls that follow a role, tables and charts drawn whole.</summary>
[Collection(CortexCollection.Name)]
public sealed class PageLayoutTests(CortexApp app)
{
    [Fact]
    public async Task A_visitor_is_offered_only_the_sign_in_page()
    {
        await using var visitor = await app.OpenAsVisitorAsync();

        await visitor.Page.GotoAsync("signin");

        var links = visitor.Page.GetByTestId("nav-menu").Locator("a");
        await Expect(links).ToHaveCountAsync(1);
        await Expect(links).ToHaveTextAsync("Sign in");
        await visitor.ScreenshotAsync("signin-visitor");
    }

    [Fact]
    public async Task A_viewer_loading_a_page_for_editors_reads_which_role_it_needs()
    {
        await using var vic = await app.OpenAsUserAsync($"vic{Guid.NewGuid().ToString("N")[..6]}", role: Role.Viewer);

        await vic.GotoAsync("/experiments/new");

        // The server refuses the load before the router sees it and sends the browser to its refusal page.
        Assert.Contains("/access-denied", vic.Page.Url);
        await Expect(vic.Page.GetByTestId("role-refusal")).ToHaveTextAsync("You need the editor role to start experiments.");
        await Expect(vic.Page.GetByTestId("role-who")).ToContainTextAsync("a viewer in Default");
        await vic.ScreenshotAsync("access-denied");
    }

    [Fact]
    public async Task The_concepts_page_offers_new_concept_as_the_role_changes_without_a_reload()
    {
        var name = $"ria{Guid.NewGuid().ToString("N")[..6]}";
        await using var ria = await app.OpenAsUserAsync(name, role: Role.Viewer);
        await ria.GotoAsync("/concepts");
        await Expect(ria.Page.GetByTestId("concept-table")).ToBeVisibleAsync();
        await Expect(ria.Page.GetByTestId("new-concept")).ToHaveCountAsync(0);
        var workspaces = app.Server.Services.GetRequiredService<Server.Accounts.WorkspaceService>();

        workspaces.Join(Workspaces.DefaultId, name, Role.Editor, "e2e");

        await Expect(ria.Page.GetByTestId("new-concept")).ToBeVisibleAsync();

        workspaces.Join(Workspaces.DefaultId, name, Role.Viewer, "e2e");

        await Expect(ria.Page.GetByTestId("new-concept")).ToHaveCountAsync(0);
        await ria.ExpectHealthyAsync();
    }

    [Fact]
    public async Task The_model_pages_sizes_table_fits_its_column_at_1280_px()
    {
        await using var user = await app.OpenAsUserAsync("mona", width: 1280);
        await user.GotoAsync("/models/builtin");
        var facts = user.Page.GetByTestId("model-facts");
        await Expect(facts).ToBeVisibleAsync();
        await user.ScreenshotAsync("model-sizes");

        // The table scrolls inside its container when a cell cannot wrap: then a part of it is hidden.
        var widths = await facts.EvaluateAsync<double[]>(
            "el => { const c = el.querySelector('.mud-table-container') ?? el; const paper = el.closest('.mud-paper'); " +
            "return [c.scrollWidth, c.clientWidth, el.querySelector('table').getBoundingClientRect().right, paper.getBoundingClientRect().right]; }");
        Assert.True(widths[0] <= widths[1], $"the Sizes table is {widths[0]} px wide in a {widths[1]} px container");
        Assert.True(widths[2] <= widths[3], $"the Sizes table ends at {widths[2]} px, past its panel's edge at {widths[3]} px");

        // A share reads as a percentage, as its bar does ("100 % ≥ 60 %", not "1 ≥ 60 %").
        var usage = user.Page.GetByTestId("model-card").Locator("tr").Filter(new() { HasText = "codebook usage" }).Locator("td");
        await Expect(usage.Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? %$"));
        await Expect(usage.Nth(2)).ToHaveTextAsync("≥ 60 %");
    }

    [Fact]
    public async Task Codebook_importance_reads_on_a_scale_a_person_can_tell_apart_with_its_legend()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var concept = $"dotted squares {suffix}";
        var dotted = await app.Server.CreateConceptAsync(concept, "purple square with dot");
        var barred = await app.Server.CreateConceptAsync($"barred squares {suffix}", "purple square with bar");
        var id = await app.Server.CreateExperimentAsync(new
        {
            name = $"importance {suffix}", method = "sample-level", conceptIds = new[] { dotted, barred },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 2 },
        });
        await app.Server.WaitForStatusAsync(id, "succeeded", TimeSpan.FromMinutes(3));
        await using var user = await app.OpenAsUserAsync("ivy", width: 1280);

        await user.GotoAsync($"/codebook?sort=importance&experiment={id}&concept={Uri.EscapeDataString(concept)}");
        await Expect(user.Page.GetByTestId("importance-legend")).ToBeVisibleAsync();
        await user.ScreenshotAsync("codebook-importance");

        var values = await user.Page.GetByTestId("tile-tis").AllTextContentsAsync();
        // Mean TIS sits far below 0.001 for most entries: the most important ones must still read apart, not all "TIS 0".
        Assert.True(values.Take(10).Distinct().Count() > 1, $"the first tiles read {string.Join(", ", values.Take(10))}");
        var low = await user.Page.GetByTestId("importance-legend-low").TextContentAsync();
        var high = await user.Page.GetByTestId("importance-legend-high").TextContentAsync();
        Assert.NotEqual(low, high);
        Assert.Equal($"TIS {high}", values[0]);
        await user.ExpectHealthyAsync();
    }

    [Fact]
    public async Task The_evaluation_charts_fit_their_figure_above_their_legend()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var dotted = await app.Server.CreateConceptAsync($"dotted squares {suffix}", "purple square with dot");
        var barred = await app.Server.CreateConceptAsync($"barred squares {suffix}", "purple square with bar");
        var id = await app.Server.CreateExperimentAsync(new
        {
            name = $"chart layout {suffix}", method = "evaluation", conceptIds = new[] { dotted, barred },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 2 },
        });
        await app.Server.WaitForStatusAsync(id, "succeeded", TimeSpan.FromMinutes(3));
        await using var user = await app.OpenAsUserAsync("eve", width: 1280);

        await user.GotoAsync($"/experiments/{id}?tab=evaluation");
        var charts = user.Page.Locator("figure.uplot-chart");
        await Expect(charts.First.Locator(".uplot canvas")).ToBeVisibleAsync();
        await user.ScreenshotAsync("experiment-evaluation");

        Assert.True(await charts.CountAsync() >= 3);
        foreach (var chart in await charts.AllAsync())
        {
            // uPlot draws the axis titles on the canvas: [figure right, canvas right, canvas bottom, legend top]
            var box = await chart.EvaluateAsync<double[]>(
                "f => { const c = f.querySelector('.uplot canvas').getBoundingClientRect(); " +
                "return [f.getBoundingClientRect().right, c.right, c.bottom, f.querySelector('.u-legend').getBoundingClientRect().top]; }");
            var title = await chart.Locator("figcaption").InnerTextAsync();
            Assert.True(box[1] <= box[0] + 1, $"'{title}' is drawn to {box[1]} px, past its figure's right edge at {box[0]} px");
            Assert.True(box[2] <= box[3] + 1, $"'{title}' ends at {box[2]} px, under the legend starting at {box[3]} px");
        }
        await user.ExpectHealthyAsync();
    }
}
