using Cortex.Web.Tests.Fakes;
using MudBlazor;
using HomePage = Cortex.Web.Components.Pages.Home.Home;

namespace Cortex.Web.Tests.Home;

public sealed class HomeTests : DashboardContext
{
    static readonly DateTime Start = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public HomeTests() => Render<MudPopoverProvider>();

    void AddExperiment(int n, ExperimentStatus status = ExperimentStatus.Succeeded) =>
        Experiments.Experiments.Add(FakeExperimentService.Experiment($"e{n}", $"run {n}", ExperimentMethod.ConceptLevel, status, "c1", "c2") with { CreatedAt = Start.AddMinutes(n) });

    [Fact]
    public void Recent_experiments_are_the_ten_newest_with_their_details()
    {
        for (var n = 1; n <= 12; n++) AddExperiment(n);

        var rows = Render<HomePage>().FindAll("[data-testid=recent-experiment]");

        Assert.Equal(10, rows.Count);
        Assert.Equal(["run 12", "concept-level", "2", "tester, 2025-03-01 09:12 UTC", "succeeded"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal("experiments/e12", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("run 3", rows[^1].TextContent);
    }

    [Fact]
    public async Task A_status_message_refreshes_the_recent_experiments()
    {
        AddExperiment(1, ExperimentStatus.Queued);
        var home = Render<HomePage>();
        Assert.Equal("queued", home.Find("[data-testid=status-chip]").TextContent);

        Experiments.Experiments[0] = Experiments.Experiments[0] with { Status = ExperimentStatus.Running };
        AddExperiment(2, ExperimentStatus.Queued);
        await Feed.PublishAsync(new StatusMessage { ExperimentId = "e1", Status = "running" });

        home.WaitForAssertion(() =>
            Assert.Equal(["queued", "running"], home.FindAll("[data-testid=status-chip]").Select(c => c.TextContent)));
    }

    [Fact]
    public void Empty_lists_say_what_to_do_next()
    {
        var home = Render<HomePage>();

        var experiments = home.Find("[data-testid=recent-empty]");
        Assert.Contains("No experiments yet", experiments.TextContent);
        Assert.Equal("experiments/new", experiments.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("No open findings", home.Find("[data-testid=open-findings-empty]").TextContent);
        Assert.Single(home.FindAll("[data-testid=model-card]"));
    }

    [Fact]
    public void Open_findings_link_to_their_review_with_their_delta()
    {
        Review.Findings.Add(FakeReviewService.Finding("f1", "e1", "c1", "tokens mark grass", 3));
        Review.Findings.Add(FakeReviewService.Finding("f2", "e1", "c1", "settled", 4) with { Status = FindingStatus.Dismissed });

        var item = Assert.Single(Render<HomePage>().FindAll("[data-testid=open-findings] li"));

        Assert.Equal("findings/f1", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("0.88 (large)", item.TextContent);
    }
}
