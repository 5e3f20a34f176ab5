using Bunit.TestDoubles;
using Cortex.Web.Components;
using Cortex.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Web.Tests.Admin;

/// <summary>The Workers page: each worker's machine, device, slots, the runs it holds as links, when it last reported, read again on a timer; administrators only.</summary>
public sealed class WorkersTests : DashboardContext
{
    DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void Each_worker_shows_its_machine_device_slots_runs_as_links_and_how_long_ago_it_reported()
    {
        WorkerList.Workers.Add(new("gpu-1", "box-a", "cuda:0", 2, [new("e1", "bias sweep"), new("e2", null)], Now.AddSeconds(-4)));
        WorkerList.Workers.Add(new("local", "head", "cpu", 1, [], Now.AddMinutes(-3)));

        var page = Render<Workers>();

        var rows = page.FindAll("[data-testid=worker-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["gpu-1", "local"], page.FindAll("[data-testid=worker-name]").Select(c => c.TextContent.Trim()));
        Assert.Equal(["box-a", "head"], page.FindAll("[data-testid=worker-machine]").Select(c => c.TextContent.Trim()));
        Assert.Equal(["cuda:0", "cpu"], page.FindAll("[data-testid=worker-device]").Select(c => c.TextContent.Trim()));
        Assert.Equal(["2 of 2", "0 of 1"], page.FindAll("[data-testid=worker-slots]").Select(c => c.TextContent.Trim()));
        var runs = page.FindAll("[data-testid=worker-run]");
        Assert.Equal([("bias sweep", "experiments/e1"), ("e2", "experiments/e2")], runs.Select(r => (r.TextContent.Trim(), r.GetAttribute("href"))));
        Assert.Contains("idle", page.FindAll("[data-testid=worker-running]")[1].TextContent);
        Assert.Equal(["4 s ago", "3 min ago"], page.FindAll("[data-testid=worker-last-seen]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void The_page_reads_the_roster_again_on_its_timer_and_shows_a_worker_that_joined()
    {
        var page = Render<Workers>();
        page.WaitForElement("[data-testid=no-workers]");
        var reads = WorkerList.Reads;

        WorkerList.Workers.Add(new("w2", "box-b", "cpu", 1, [new("e7", "late run")], Now));
        Clock.Advance(Workers.RefreshEvery);

        page.WaitForAssertion(() => Assert.Equal("w2", page.Find("[data-testid=worker-name]").TextContent.Trim()));
        Assert.Equal(reads + 1, WorkerList.Reads);
        Assert.Equal("2 s ago", page.Find("[data-testid=worker-last-seen]").TextContent.Trim());
        Assert.Equal("late run", page.Find("[data-testid=worker-run]").TextContent.Trim());

        Clock.Advance(Workers.RefreshEvery);
        page.WaitForAssertion(() => Assert.Equal("4 s ago", page.Find("[data-testid=worker-last-seen]").TextContent.Trim()));
    }

    [Fact]
    public void Only_a_server_administrator_opens_it_whatever_their_role_in_the_workspace()
    {
        WorkerList.Workers.Add(new("local", "head", "cpu", 1, [], Now));
        SignIn("lead", Role.Admin, administrator: false);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<NavigationManager>().NavigateTo("admin/workers");

        var app = Render<Routes>();

        Assert.Equal("Only a server administrator may see the compute workers.", app.WaitForElement("[data-testid=role-refusal]").TextContent.Trim());
        Assert.Empty(app.FindAll("[data-testid=worker-table]"));
        SignIn("root", Role.Admin);
        Assert.Equal("local", app.WaitForElement("[data-testid=worker-name]").TextContent.Trim());
    }
}
