using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cortex.Server.Accounts;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>Working in two workspaces from one browser — the switcher's form, each workspace's own lists, a link into the other one — and an open page that follows a change of role.</summary>
[Collection(CortexCollection.Name)]
public sealed class WorkspaceTests(CortexApp app)
{
    [Fact]
    public async Task A_member_of_two_workspaces_switches_between_them_and_follows_a_link_into_the_other()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var workspace = await CreateWorkspaceAsync($"Team {suffix}");
        var teamConcept = await CreateConceptAsync(workspace, $"team concept {suffix}", "green cross");
        var defaultConcept = await app.Server.CreateConceptAsync($"default concept {suffix}", "blue square");
        var name = $"wes{suffix}";
        await using var wes = await app.OpenAsUserAsync(name, role: Role.Viewer);
        app.Server.Services.GetRequiredService<WorkspaceService>().Join(workspace, name, Role.Editor, "e2e");

        await wes.GotoAsync("/concepts");
        await Expect(wes.Page.GetByTestId("workspace-current")).ToHaveTextAsync("Default");
        await Expect(wes.Page.GetByText($"default concept {suffix}")).ToBeVisibleAsync();
        await Expect(wes.Page.GetByText($"team concept {suffix}")).ToHaveCountAsync(0);

        await wes.Page.GetByTestId("workspace-menu").Locator("button").First.ClickAsync();
        await wes.Page.GetByTestId("workspace-option").Filter(new() { HasText = $"Team {suffix}" }).Locator("button").ClickAsync();
        await Expect(wes.Page.GetByTestId("workspace-current")).ToHaveTextAsync($"Team {suffix}");
        await Expect(wes.Page.GetByTestId("user-role")).ToHaveTextAsync("editor");
        await wes.GotoAsync("/concepts");
        await Expect(wes.Page.GetByText($"team concept {suffix}")).ToBeVisibleAsync();
        await Expect(wes.Page.GetByText($"default concept {suffix}")).ToHaveCountAsync(0);
        await wes.ScreenshotAsync("workspace-switched");

        // A colleague's link into the default workspace: one click there, and back on the same page.
        await wes.GotoAsync($"/concepts/{defaultConcept}");
        await Expect(wes.Page.GetByTestId("elsewhere-notice")).ToContainTextAsync("This concept is in the workspace Default, where you are viewer");
        await wes.Page.GetByTestId("elsewhere-switch").Locator("button").ClickAsync();
        await Expect(wes.Page).ToHaveURLAsync(app.Server.Url($"concepts/{defaultConcept}"));
        await Expect(wes.Page.GetByTestId("workspace-current")).ToHaveTextAsync("Default");
        await Expect(wes.Page.GetByText($"default concept {suffix}").First).ToBeVisibleAsync();
        await Expect(wes.Page.GetByTestId("elsewhere-notice")).ToHaveCountAsync(0);
        Assert.NotNull(teamConcept);
        await wes.ExpectHealthyAsync();
    }

    [Fact]
    public async Task An_open_page_follows_a_role_change_and_a_removal_without_a_reload()
    {
        var name = $"pia{Guid.NewGuid().ToString("N")[..6]}";
        await using var pia = await app.OpenAsUserAsync(name, role: Role.Editor);
        await pia.GotoAsync("/concepts");
        await Expect(pia.Page.GetByTestId("user-role")).ToHaveTextAsync("editor");
        await Expect(pia.Page.GetByRole(AriaRole.Link, new() { Name = "New experiment" })).ToBeVisibleAsync();

        await SendInAsync(Workspaces.DefaultId, HttpMethod.Put, $"/api/members/{name}", new { role = "viewer" });

        await Expect(pia.Page.GetByTestId("user-role")).ToHaveTextAsync("viewer");
        await Expect(pia.Page.GetByRole(AriaRole.Link, new() { Name = "New experiment" })).ToHaveCountAsync(0);

        await SendInAsync(Workspaces.DefaultId, HttpMethod.Delete, $"/api/members/{name}");

        await Expect(pia.Page.GetByTestId("no-workspace")).ToBeVisibleAsync();
        await Expect(pia.Page.GetByTestId("workspace-menu")).ToHaveCountAsync(0);
        await pia.ExpectHealthyAsync();
    }

    async Task<string> CreateWorkspaceAsync(string name)
    {
        using var response = await app.Server.Http.PostAsJsonAsync("/api/workspaces", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    async Task<string> CreateConceptAsync(string workspace, string name, string className) =>
        (await SendInAsync(workspace, HttpMethod.Post, "/api/concepts", new { name, className, source = "generated" }))!["id"]!.GetValue<string>();

    /// <summary>An API request of the server administrator working in <paramref name="workspace"/>; its JSON answer, if any.</summary>
    async Task<JsonObject?> SendInAsync(string workspace, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(Workspaces.HeaderName, workspace);
        using var response = await app.Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.StatusCode == System.Net.HttpStatusCode.NoContent ? null : await response.Content.ReadFromJsonAsync<JsonObject>();
    }
}
