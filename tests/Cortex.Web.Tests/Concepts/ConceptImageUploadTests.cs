using Cortex.Web.Components.Pages.Concepts;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Cortex.Web.Tests.Concepts;

/// <summary>The drop zone of an uploaded concept and the images panel it refreshes, against the in-memory service.</summary>
public sealed class ConceptImageUploadTests : DashboardContext
{
    static readonly byte[] PngBytes = [137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3];

    public ConceptImageUploadTests()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("u1", "my photos", classId: ConceptDocument.NoClass, ConceptSource.Uploaded));
        Concepts.Refusals["cat.gif.png"] = "cat.gif.png is not a PNG or JPEG image.";
    }

    IRenderedComponent<ConceptDetails> RenderPage()
    {
        Render<MudPopoverProvider>();
        Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render<ConceptDetails>(p => p.Add(c => c.Id, "u1"));
    }

    static void Drop(IRenderedComponent<ConceptDetails> page, params InputFileContent[] files) =>
        page.FindComponent<InputFile>().UploadFiles(files);

    [Fact]
    public void Each_file_s_result_is_listed_and_the_images_and_support_set_refresh()
    {
        var page = RenderPage();
        Assert.Contains("No images yet", page.Find("[data-testid=support-caption]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=uploaded-images] img"));

        Drop(page,
            InputFileContent.CreateFromBinary(PngBytes, "dog.png", contentType: "image/png"),
            InputFileContent.CreateFromBinary(PngBytes, "cat.gif.png", contentType: "image/png"),
            InputFileContent.CreateFromBinary(PngBytes, "bird.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=upload-results] li").Count));
        var results = page.FindAll("[data-testid=upload-results] li");
        Assert.Equal("dog.png: added as image 0.", results[0].TextContent.Trim());
        Assert.Equal("cat.gif.png is not a PNG or JPEG image.", results[1].TextContent.Trim());
        Assert.Equal("bird.jpg: added as image 1.", results[2].TextContent.Trim());
        Assert.Equal(["is-accepted", "is-refused", "is-accepted"], results.Select(r => r.ClassName));

        Assert.Equal(["dog.png", "cat.gif.png", "bird.jpg"], Concepts.Uploads.Select(u => u.Name));
        Assert.Equal(PngBytes, Concepts.Uploads[0].Bytes);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=uploaded-images] img").Count));
        var concept = Concepts.Concepts.Single();
        Assert.Equal(ApiUrls.ConceptImage("u1", 1, concept.UpdatedAt), page.FindAll("[data-testid=uploaded-images] img")[1].GetAttribute("src"));
        Assert.Equal("2 images. An experiment that asks for n images per concept uses the first n.", page.Find("[data-testid=image-count]").TextContent.Trim());
        Assert.Equal("The first 2 uploaded images, as the tokenizer decodes them.", page.Find("[data-testid=support-caption]").TextContent.Trim());
        Assert.Equal(2, page.FindAll("[data-testid=support-images] img").Count);
        Assert.Equal(ApiUrls.SupportImage("u1", 1, 2, 1, concept.UpdatedAt), page.FindAll("[data-testid=support-images] img")[1].GetAttribute("src"));
        Assert.Empty(page.FindAll("[data-testid=upload-progress]"));
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_in_the_browser_without_being_sent()
    {
        var page = RenderPage();

        Drop(page, InputFileContent.CreateFromBinary(new byte[ConceptRules.MaxImageBytes + 1], "huge.png", contentType: "image/png"),
            InputFileContent.CreateFromBinary(PngBytes, "small.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=upload-results] li").Count));
        Assert.Equal("huge.png is 10.0 MiB; at most 10 MiB per file.", page.FindAll("[data-testid=upload-results] li")[0].TextContent.Trim());
        Assert.Equal(["small.png"], Concepts.Uploads.Select(u => u.Name));
    }

    [Fact]
    public void Removing_an_image_moves_the_later_ones_up()
    {
        Concepts.Images["u1"] = [new ConceptImage(0, "a.png", DateTime.UtcNow), new ConceptImage(1, "b.png", DateTime.UtcNow), new ConceptImage(2, "c.png", DateTime.UtcNow)];
        var page = RenderPage();

        page.FindAll("[data-testid=remove-image]")[1].Click();

        page.WaitForAssertion(() => Assert.Equal(["a.png", "c.png"], page.FindAll("[data-testid=uploaded-images] img").Select(i => i.GetAttribute("title"))));
        Assert.Equal("Remove image 1 (c.png)", page.FindAll("[data-testid=remove-image]")[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void Other_concepts_have_no_images_panel()
    {
        Concepts.Concepts.Add(FakeConceptService.Concept("g1", "generated reds", classId: 0, ConceptSource.Generated));
        Render<MudPopoverProvider>();
        var page = Render<ConceptDetails>(p => p.Add(c => c.Id, "g1"));

        Assert.Empty(page.FindComponents<ConceptImageUpload>());
        Assert.Equal(16, page.FindAll("[data-testid=support-images] img").Count);
    }
}
