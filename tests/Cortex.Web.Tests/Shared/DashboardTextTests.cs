using System.Text.RegularExpressions;
using Cortex.Web.Components.Layout;
using Cortex.Web.Components.Pages.Concepts;
using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Components.Pages.Findings;
using Cortex.Web.Components.Shared;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using HomePage = Cortex.Web.Components.Pages.Home.Home;

namespace Cortex.Web.Tests.Shared;

/// <summary>Text every page shares: one way to print a time, one spelling of the methods, sentences that read as sentences.</summary>
public sealed partial class DashboardTextTests : DashboardContext
{
    static readonly DateTime Created = new(2025, 3, 1, 9, 5, 0, DateTimeKind.Utc);
    static readonly DateTime Annotated = new(2025, 3, 1, 17, 42, 0, DateTimeKind.Utc);

    public DashboardTextTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle") with { CreatedAt = Created, UpdatedAt = Created });
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "edit run", ExperimentMethod.CodebookLevel, ExperimentStatus.Failed, "c1") with { CreatedAt = Created });
        Review.Annotations.Add(new AnnotationDocument { Id = "a1", ExperimentId = "e1", Author = "ada", Text = "look here", CreatedAt = Annotated });
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "red circle tokens mark grass", 3, 7));
    }

    /// <summary>Anything on the page that looks like a date, in whatever format.</summary>
    static List<string> Dates(string text) => [.. DateLike().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(,? \d{1,2}:\d{2}( ?[AP]M| UTC)?)?")]
    private static partial Regex DateLike();

    [Fact]
    public void Every_time_on_the_experiment_pages_reads_in_the_one_display_format()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("experiments/e1");
        var details = Render<ExperimentDetails>(p => p.Add(c => c.Id, "e1"));
        var list = Render<ExperimentList>();
        var concepts = Render<ConceptList>();

        details.WaitForAssertion(() => Assert.Contains("look here", details.Markup));
        Assert.Equal([DisplayTime.Format(Created), DisplayTime.Format(Annotated)], Dates(Text(details)).Distinct().Order());
        Assert.Contains(DisplayTime.Format(Created), Dates(Text(list)));
        Assert.All(Dates(Text(list) + Text(concepts)), date => Assert.Equal(DisplayTime.Format(Created), date));
    }

    [Fact]
    public void Methods_are_spelled_the_same_on_the_home_page_and_the_experiment_list()
    {
        var home = Render<HomePage>().Find("[data-testid=recent-experiment]").QuerySelectorAll("td")[1].TextContent.Trim();
        var list = Render<ExperimentList>().Find("[data-testid=experiment-list] tbody tr").QuerySelectorAll("td")
            .Select(td => td.TextContent.Trim()).Single(t => t.Contains("codebook", StringComparison.Ordinal));

        Assert.Equal("codebook-level", home);
        Assert.Equal(home, list);
    }

    [Fact]
    public void Result_figures_are_named_in_words_with_the_stored_key_at_hand()
    {
        var experiment = Experiments.Experiments[0] with
        {
            Status = ExperimentStatus.Succeeded,
            Summary = new ExperimentSummary { Figures = { ["codebook.cnn.source_prob_before"] = 0.91, ["codebook.mixer.target_prob_after"] = 0.62, ["shortcut.cliffs_delta.LightGreen"] = 0.4 } },
        };

        var rows = Render<ResultsTab>(p => p.Add(c => c.Experiment, experiment)).FindAll("[data-testid=figures] tbody tr td:first-child");

        Assert.Equal(["Source probability before, CNN evaluator", "Target probability after, mixer evaluator", "Cliff's delta on the light green background"],
            rows.Select(td => td.TextContent.Trim()));
        Assert.Equal("codebook.cnn.source_prob_before", rows[0].GetAttribute("title"));
    }

    [Fact]
    public void The_review_panel_separates_its_two_sentences()
    {
        SignIn("carol", Role.Reviewer);

        var page = Render<FindingDetail>(p => p.Add(c => c.Id, "f1"));

        Assert.Contains("No verdict yet. You review as carol.", page.Find("[data-testid=review-intro]").TextContent);
    }

    [Fact]
    public void A_share_of_the_codebook_reads_as_a_percentage_like_its_bar()
    {
        var model = FakeModelCatalog.BuiltIn with { Quality = [new QualityFigure("codebook usage", 1, "≥ 60 %", true, IsShare: true), new QualityFigure("psnr_db", 28.8124, "≥ 26", true)] };

        var rows = Render<ModelCardView>(p => p.Add(c => c.Model, model)).FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()).ToList()).ToList();

        Assert.Equal(["codebook usage", "100 %", "≥ 60 %"], rows[0]);
        Assert.Equal(["psnr_db", "28.812", "≥ 26"], rows[1]);
    }

    [Fact]
    public void A_visitor_is_offered_only_sign_in_and_while_nobody_has_set_cortex_up_setup()
    {
        SignOut();
        var menu = Render<NavMenu>();
        Assert.Equal(["/signin"], Links(menu));

        Accounts.NeedsSetup = true;
        Assert.Equal(["/signin", "/setup"], Links(Render<NavMenu>()));

        SignIn("ed", Role.Editor);
        menu.WaitForAssertion(() => Assert.Equal(["", "concepts", "experiments/new", "experiments", "models", "codebook", "findings", "review"], Links(menu)));
    }

    static string Text<T>(IRenderedComponent<T> page) where T : IComponent => string.Join("\n", page.Nodes.Select(n => n.TextContent));

    static List<string> Links(IRenderedComponent<NavMenu> menu) => [.. menu.FindAll("a").Select(a => a.GetAttribute("href") ?? "")];
}
