using static Microsoft.Playwright.Assertions;

namespace Cortex.EndToEnd;

/// <summary>A reviewer studies one token across everything: from the codebook's most important tile to its page, labels and annotates it with a colleague, then finds it again by search.</summary>
[Collection(CortexCollection.Name)]
public sealed class TokenPageTests(CortexApp app)
{
    [Fact]
    public async Task A_token_page_shows_examples_histograms_and_neighbours_and_two_people_label_annotate_and_answer_it_live()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var concept = $"dotted circles {suffix}";
        var dotted = await app.Server.CreateConceptAsync(concept, "green circle with dot");
        var barred = await app.Server.CreateConceptAsync($"barred circles {suffix}", "green circle with bar");
        var id = await app.Server.CreateExperimentAsync(new
        {
            name = $"token study {suffix}", method = "sample-level", conceptIds = new[] { dotted, barred },
            parameters = new { imagesPerConcept = 16, extractorEpochs = 2 },
        });
        await app.Server.WaitForStatusAsync(id, "succeeded", TimeSpan.FromMinutes(3));
        await using var alice = await app.OpenAsUserAsync("tina", width: 1280);
        await using var bob = await app.OpenAsUserAsync("tom", width: 1280, role: Web.Services.Role.Editor);

        // The most important tile for the concept leads to its token's page.
        await alice.GotoAsync($"/codebook?sort=importance&experiment={id}&concept={Uri.EscapeDataString(concept)}");
        var tile = alice.Page.GetByTestId("codebook-grid").Locator("a.codebook-tile").First;
        var token = await tile.GetAttributeAsync("data-token");
        await tile.ClickAsync();
        await Expect(alice.Page.Locator("h1")).ToHaveTextAsync($"Token {token}");
        await bob.GotoAsync($"/codebook/{token}");

        var examples = alice.Page.GetByTestId("token-example");
        await Expect(examples.First).ToBeVisibleAsync();
        await Expect(examples.First.Locator(".token-grid-cell.is-highlighted").First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex($"^token {token} · TIS "));
        await Expect(examples.First.Locator("figcaption")).ToContainTextAsync($"token study {suffix}");
        await Expect(alice.Page.GetByTestId("token-tis-histogram").Locator(".uplot canvas")).ToBeVisibleAsync();
        await Expect(alice.Page.GetByTestId("token-class-histogram").Locator(".uplot canvas")).ToBeVisibleAsync();
        // The histograms are drawn at their host's width, and again when a narrower window changes it.
        var histogram = alice.Page.GetByTestId("token-tis-histogram").Locator(".token-bar-chart-plot");
        var wide = await ChartWidth.FittedAsync(histogram, 280);
        await alice.Page.SetViewportSizeAsync(760, 800);
        var narrow = await ChartWidth.FittedAsync(histogram, 280);
        Assert.True(narrow < wide, $"the TIS histogram is drawn {narrow} px wide in the narrow window, {wide} px in the wide one");
        await alice.Page.SetViewportSizeAsync(1280, 800);
        Assert.Equal(12, await alice.Page.GetByTestId("token-neighbours").Locator("a.codebook-tile").CountAsync());

        var label = $"dot centre {suffix}";
        await alice.Page.GetByTestId("token-label-edit").ClickAsync();
        await MudControls.FillAsync(alice.Page.GetByTestId("token-label-editor"), "Label", label);
        await alice.Page.GetByTestId("token-label-save").ClickAsync();
        await Expect(alice.Page.GetByTestId("token-label")).ToHaveTextAsync(label);

        // Tina's note reaches Tom's open page, Tom answers in its thread, and Tina's edit reaches him too; only she may edit it.
        var note = $"sits on the dot of every circle {suffix}";
        await alice.Page.GetByTestId("token-annotation-text").FillAsync(note);
        await alice.Page.GetByTestId("token-annotation-add").ClickAsync();
        var bobsThread = bob.Page.GetByTestId("annotation-thread").Filter(new() { HasText = note });
        await Expect(bobsThread).ToBeVisibleAsync();
        await Expect(bobsThread.GetByTestId("annotation-edit")).ToHaveCountAsync(0);
        await bobsThread.GetByTestId("reply-open").ClickAsync();
        await bobsThread.GetByTestId("reply-text").FillAsync("and nowhere on the bar");
        await bobsThread.GetByTestId("reply-send").ClickAsync();
        var alicesThread = alice.Page.GetByTestId("annotation-thread").Filter(new() { HasText = note });
        await Expect(alicesThread.GetByTestId("annotation-replies")).ToContainTextAsync("tom · ");
        await Expect(alicesThread.GetByTestId("annotation-replies")).ToContainTextAsync("and nowhere on the bar");

        await alicesThread.GetByTestId("annotation-edit").First.ClickAsync();
        await alicesThread.GetByTestId("edit-text").FillAsync($"{note}, brightest at the centre");
        await alicesThread.GetByTestId("edit-save").ClickAsync();
        await Expect(bob.Page.GetByTestId("annotation-thread").First).ToContainTextAsync("brightest at the centre");
        await Expect(bob.Page.GetByTestId("annotation-thread").First).ToContainTextAsync("edited");
        await Expect(alice.Page.GetByTestId("audit-trail")).ToContainTextAsync("labelled the token");
        await alice.ScreenshotAsync("token-page");

        // The label shows wherever the token appears: on an example's TIS map, beside the token of a cell that holds it.
        await examples.First.Locator("figcaption a").ClickAsync();
        await alice.Page.GetByTestId("saliency-heatmap").Locator(".token-grid-cell.is-highlighted").First.HoverAsync();
        await Expect(alice.Page.GetByTestId("cell-info")).ToContainTextAsync($"({label})");

        // Back on the codebook, the note's words and the label both find the token.
        await alice.GotoAsync("/codebook");
        await Expect(alice.Page.Locator($"a.codebook-tile[data-token='{token}']")).ToContainTextAsync(label);
        await alice.Page.GetByTestId("token-search-text").FillAsync($"brightest at the centre");
        await alice.Page.GetByTestId("token-search-go").ClickAsync();
        var hit = alice.Page.GetByTestId("token-search-results").Locator($"tr[data-token='{token}']");
        await Expect(hit).ToContainTextAsync("annotation");
        await Expect(hit).ToContainTextAsync(label);
        await alice.Page.GetByTestId("token-search-text").FillAsync(suffix);
        await alice.Page.GetByTestId("token-search-go").ClickAsync();
        await Expect(alice.Page.GetByTestId("token-search-results").Locator($"tr[data-token='{token}']").Filter(new() { HasText = "label" })).ToBeVisibleAsync();
        await alice.ScreenshotAsync("codebook-search");
        await alice.ExpectHealthyAsync();
        await bob.ExpectHealthyAsync();
    }
}
