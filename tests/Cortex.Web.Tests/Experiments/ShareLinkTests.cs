using Cortex.Web.Components.Pages.Experiments;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Cortex.Web.Tests.Experiments;

public sealed class ShareLinkTests : DashboardContext
{
    public ShareLinkTests()
    {
        Render<MudPopoverProvider>();
        Concepts.Concepts.Add(FakeConceptService.Concept("c1", "red circle"));
        Experiments.Experiments.Add(FakeExperimentService.Experiment("e1", "codebook run", ExperimentMethod.CodebookLevel, ExperimentStatus.Succeeded, "c1") with
        {
            Files = ["before.png", "after.png", "frames.json"],
            Summary = new ExperimentSummary(),
        });
    }

    [Fact]
    public void An_editor_creates_a_link_sees_it_once_and_revokes_it_once_confirmed()
    {
        SignIn("ed", Role.Editor);
        var panel = Render<ShareLinksPanel>(p => p.Add(c => c.ExperimentId, "e1"));
        Assert.Contains("No public links", panel.Markup);

        panel.FindAll("button").Single(b => b.TextContent.Contains("Create link")).Click();
        panel.WaitForAssertion(() => Assert.Contains("/share/token-1", panel.Markup));
        Assert.Contains("expires", panel.Find("[data-testid=share-link]").TextContent);
        Assert.Equal("ed", ShareLinks.Links.Single().Link.CreatedBy);

        var dialogs = Render<MudDialogProvider>();
        panel.FindAll("button").Single(b => b.TextContent.Contains("Revoke")).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke link l1?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep").Click();
        Assert.Equal(ShareLinkState.Active, ShareLinks.Links.Single().Link.StateAt(Clock.GetUtcNow().UtcDateTime));

        panel.FindAll("button").Single(b => b.TextContent.Contains("Revoke")).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke link l1?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        panel.WaitForAssertion(() => Assert.Contains("revoked by ed", panel.Find("[data-testid=share-link]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=new-share-link]"));
        Assert.DoesNotContain(panel.FindAll("button"), b => b.TextContent.Contains("Revoke"));
    }

    [Fact]
    public void A_viewer_sees_the_links_but_cannot_create_or_revoke_them()
    {
        ShareLinks.CreateAsync("e1", null, "ed");
        SignIn("vera", Role.Viewer);
        var panel = Render<ShareLinksPanel>(p => p.Add(c => c.ExperimentId, "e1"));
        Assert.Contains("no expiry", panel.Find("[data-testid=share-link]").TextContent);
        Assert.DoesNotContain(panel.FindAll("button"), b => b.TextContent.Contains("Create link") || b.TextContent.Contains("Revoke"));
    }

    [Fact]
    public void The_share_page_shows_the_run_with_token_scoped_files_and_closes_when_the_link_is_revoked()
    {
        ShareLinks.CreateAsync("e1", 7, "ed");
        SignOut();
        var page = Render<SharedExperiment>(p => p.Add(c => c.Token, "token-1"));

        page.WaitForAssertion(() => Assert.Contains("codebook run", page.Markup));
        Assert.Contains("Shared read-only until", page.Markup);
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href")?.StartsWith("concepts/") == true);

        ShareLinks.RevokeAsync("e1", "l1", "ed");
        page.WaitForElement("[data-testid=share-closed]");
        Assert.DoesNotContain("codebook run", page.Markup);
    }

    [Fact]
    public void The_share_page_closes_when_its_link_expires()
    {
        ShareLinks.CreateAsync("e1", 2, "ed");
        var expires = ShareLinks.Links.Single().Link.ExpiresAt!.Value;
        SignOut();
        var page = Render<SharedExperiment>(p => p.Add(c => c.Token, "token-1"));
        page.WaitForAssertion(() => Assert.Contains("codebook run", page.Markup));
        Clock.Advance(expires - Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1));
        Assert.Empty(page.FindAll("[data-testid=share-closed]"));

        Clock.Advance(TimeSpan.FromMinutes(1));
        page.WaitForElement("[data-testid=share-closed]");
    }

    [Fact]
    public void Views_under_a_share_page_fetch_files_with_its_token()
    {
        var experiment = Experiments.Experiments.Single();
        var tab = Render<CascadingValue<ShareAccess>>(p => p.Add(c => c.Value, new ShareAccess("token-1"))
            .AddChildContent<ResultsTab>(c => c.Add(r => r.Experiment, experiment)));
        Assert.Equal("api/experiments/e1/files/before.png?share=token-1", tab.Find("img").GetAttribute("src"));
        Assert.All(tab.FindAll("a[href*='files/']"), a => Assert.EndsWith("?share=token-1", a.GetAttribute("href")));
    }

    [Fact]
    public void An_unknown_token_shows_that_the_link_opens_nothing()
    {
        SignOut();
        var page = Render<SharedExperiment>(p => p.Add(c => c.Token, "nope"));
        Assert.NotNull(page.Find("[data-testid=share-closed]"));
    }
}
