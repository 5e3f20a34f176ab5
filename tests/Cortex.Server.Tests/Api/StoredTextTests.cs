using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cortex.Server.Tests.Api;

/// <summary>
/// The other side of the stored-text rules the hostile corpus refuses: what people really write is kept as written —
/// several lines and tabs in a text, letters of any script and emoji in a name — and an uploaded file's name loses
/// only the characters that would make it read as something else.
/// </summary>
public sealed class StoredTextTests(HostileServer fixture) : IClassFixture<HostileServer>
{
    HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task A_name_in_any_script_or_with_emoji_is_kept()
    {
        const string name = "Ölfass 🛢️ — 油桶 — بشكة";

        var id = await fixture.Server.CreateConceptAsync(name, "red circle");

        Assert.Equal(name, (await Http.GetFromJsonAsync<JsonObject>($"/api/concepts/{id}"))!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_text_keeps_its_lines_and_tabs()
    {
        const string text = "Seen twice:\n\t- on grey\r\n\t- on stripes";
        var experiment = (await Http.GetFromJsonAsync<JsonObject>("/api/experiments"))!["items"]!.AsArray().First()!["id"]!.GetValue<string>();

        using var response = await Http.PostAsJsonAsync($"/api/experiments/{experiment}/annotations", new { target = "experiment", text });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(text, (await response.Content.ReadFromJsonAsync<JsonObject>())!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_uploaded_file_name_loses_its_direction_override()
    {
        var id = await fixture.Server.CreateConceptAsync($"uploads {Guid.NewGuid():N}", className: null, source: "uploaded");

        using var response = await Http.PostAsync($"/api/concepts/{id}/images", TestImages.Form(("photo\u202Egnp.exe", TestImages.Png(40, 40, seed: 1))));

        var result = (await response.Content.ReadFromJsonAsync<JsonArray>())!.Single()!;
        Assert.Equal("photognp.exe", result["name"]!.GetValue<string>());
        Assert.True(result["accepted"]!.GetValue<bool>(), result.ToJsonString());
    }
}
