using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

[Collection(CortexCollection.Name)]
public sealed class ProbeTests(CortexApp app)
{
    const int Images = 16;

    [Fact]
    public async Task A_person_compares_tis_methods_probes_edits_undoes_one_and_keeps_the_edited_image()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var dotted = await app.Server.CreateConceptAsync($"dotted squares {suffix}", "purple square with dot");
        var barred = await app.Server.CreateConceptAsync($"barred squares {suffix}", "purple square with bar");
        var keep = $"probe edits {suffix}";
        using (var created = await app.Server.Http.PostAsJsonAsync("/api/concepts", new { name = keep, className = "purple square with dot", source = "uploaded" }))
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = await app.Server.CreateExperimentAsync(new
        {
            name = $"probe {suffix}", method = "sample-level", conceptIds = new[] { dotted, barred },
            parameters = new { imagesPerConcept = Images, extractorEpochs = 2 },
        });
        await app.Server.WaitForStatusAsync(id, "succeeded", TimeSpan.FromMinutes(3));
        // The concept the edit is kept in already holds a support set's worth of images: the run's own first sixteen.
        var keepId = await ConceptIdAsync(keep);
        using (var form = new MultipartFormDataContent())
        {
            for (var i = 0; i < Images; i++)
                form.Add(new ByteArrayContent(await app.Server.Http.GetByteArrayAsync($"/api/experiments/{id}/images/{i}.png")), "files", $"run-{i}.png");
            using var uploaded = await app.Server.Http.PostAsync($"/api/concepts/{keepId}/images", form);
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }
        await using var user = await app.OpenAsUserAsync("pia", width: 1280, height: 1000);
        var page = user.Page;

        // The Saliency tab: a colour scale with values, then every TIS method side by side on the same image.
        await user.GotoAsync($"/experiments/{id}?tab=saliency&image=2");
        await Expect(page.GetByTestId("saliency-legend")).ToBeVisibleAsync();
        Assert.NotEqual(await page.GetByTestId("legend-low").First.TextContentAsync(), await page.GetByTestId("legend-high").First.TextContentAsync());
        await page.GetByText("Compare TIS methods side by side").ClickAsync();
        await Expect(page.GetByTestId("tis-method")).ToHaveCountAsync(5);
        await Expect(page.Locator("[data-method=occlusion] .saliency-legend")).ToBeVisibleAsync();
        await user.ScreenshotAsync("saliency-methods");

        // The Probe tab on the same image: replace a cell with a concept token, then another with any id, then undo.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Probe" }).ClickAsync();
        var after = page.GetByTestId("probe-after");
        await Expect(after).ToContainTextAsync("After 0 edits");
        await after.Locator(".token-grid-cell").Nth(27).ClickAsync();
        await page.GetByTestId("concept-tokens").GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(after).ToContainTextAsync("After 1 edit");
        await after.Locator(".token-grid-cell").Nth(36).ClickAsync();
        await Expect(page.GetByTestId("neighbour-tokens").GetByRole(AriaRole.Button)).ToHaveCountAsync(8);
        await MudControls.FillAsync(page.GetByTestId("probe-replacements"), "Any token id", "7");
        await page.GetByTestId("apply-any").ClickAsync();
        await Expect(after).ToContainTextAsync("After 2 edits");
        await Expect(page.GetByTestId("probe-edits")).ToContainTextAsync("→ 7");
        Assert.Matches(new Regex(@"Answered in \d+ ms"), await page.GetByTestId("probe-time").TextContentAsync() ?? "");
        await user.ScreenshotAsync("probe");
        await page.GetByTestId("probe-undo").ClickAsync();
        await Expect(after).ToContainTextAsync("After 1 edit");
        await Expect(page.GetByTestId("probe-edits")).Not.ToContainTextAsync("→ 7");

        // Kept as a new image of the uploaded concept, then as the source of a codebook-level experiment.
        await MudControls.ChooseAsync(page.GetByTestId("probe-save"), "Uploaded concept", keep);
        await page.GetByTestId("probe-save-image").ClickAsync();
        await Expect(page.GetByTestId("probe-save-message")).ToContainTextAsync($"Saved as image {Images} of '{keep}'");
        var images = await app.Server.Http.GetFromJsonAsync<JsonArray>($"/api/concepts/{keepId}/images");
        Assert.Equal(Images + 1, images!.Count);
        await page.GetByTestId("probe-save-source").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"experiments/new\\?from={id}&source={keepId}&sourceImage={Images + 1}"));
        await Expect(page.GetByTestId("from-notice")).ToContainTextAsync($"image {Images + 1} of '{keep}'");
        await Expect(page.GetByLabel("Images per concept", new() { Exact = true })).ToHaveValueAsync($"{Images + 2}");
        await user.ScreenshotAsync("probe-codebook-source");
        await user.ExpectHealthyAsync();
    }

    async Task<string> ConceptIdAsync(string name)
    {
        var concepts = await app.Server.Http.GetFromJsonAsync<JsonArray>("/api/concepts");
        return concepts!.Single(c => c!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();
    }
}
