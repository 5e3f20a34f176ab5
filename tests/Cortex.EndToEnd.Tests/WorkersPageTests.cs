using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>An administrator finds the Workers page in the account menu and sees the server's own worker reporting.</summary>
[Collection(CortexCollection.Name)]
public sealed class WorkersPageTests(CortexApp app)
{
    [Fact]
    public async Task An_administrator_opens_workers_from_the_account_menu_and_sees_the_local_worker_reporting()
    {
        await using var ada = await app.OpenAsUserAsync("ada");
        await ada.GotoAsync("/concepts");

        await ada.Page.GetByTestId("account-menu").Locator("button").First.ClickAsync();
        await ada.Page.GetByTestId("menu-workers").ClickAsync();

        await Expect(ada.Page).ToHaveURLAsync(app.Server.Url("admin/workers"));
        var local = ada.Page.GetByTestId("worker-table").Locator("tbody tr").Filter(new() { Has = ada.Page.GetByTestId("worker-name").GetByText("local", new() { Exact = true }) });
        await Expect(local).ToHaveCountAsync(1);
        await Expect(local.GetByTestId("worker-machine")).ToHaveTextAsync(Environment.MachineName);
        await Expect(local.GetByTestId("worker-device")).ToHaveTextAsync(new Regex(@"^(cpu|cuda:\d+)$"));
        // The worker heartbeats and the page reads the roster again: "last seen" stays recent however long the page is open.
        await Expect(local.GetByTestId("worker-last-seen")).ToHaveTextAsync(new Regex(@"^(just now|\d+ s ago)$"));
        await ada.ScreenshotAsync("workers");
        await ada.ExpectHealthyAsync();
    }
}
