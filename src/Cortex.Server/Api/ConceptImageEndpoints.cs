using Cortex.Web.Services;
using Microsoft.AspNetCore.Http.Features;

namespace Cortex.Server.Api;

/// <summary>
/// <c>/api/concepts/{id}/images</c>: an uploaded concept's images — upload (multipart/form-data, any
/// number of file parts), list, delete one. The stored PNGs are served by <see cref="ImageEndpoints"/>.
/// </summary>
public static class ConceptImageEndpoints
{
    /// <summary>The largest upload request: far above the server-wide cap for JSON, since one photo alone may be 10 MiB.</summary>
    public const long MaxUploadBytes = 64L << 20;

    public const int MaxFilesPerUpload = 256;

    public static void MapConceptImages(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/concepts/{id}/images").WithTags("Concepts");
        group.MapGet("/", async (string id, IConceptService concepts, CancellationToken cancel) =>
            await concepts.ImagesAsync(id, cancel) is { } images ? Results.Ok(images) : ApiResults.NotFound("Concept", id));
        group.MapPost("/", Upload)
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces<IReadOnlyList<ImageUploadResult>>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{index:int}", async (string id, int index, IConceptService concepts, HttpContext context) =>
            ApiResults.NoContent(await concepts.DeleteImageAsync(id, index, ApiResults.User(context), context.RequestAborted)));
    }

    static async Task<IResult> Upload(string id, IConceptService concepts, HttpContext context)
    {
        if (!context.Request.HasFormContentType)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not a form",
                detail: "Send the images as multipart/form-data, one file part per image.");
        // Raised for this request only, before the body is read; everything else keeps the server-wide cap.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxUploadBytes;
        if (context.Request.ContentLength > MaxUploadBytes) return TooLarge();
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed form", detail: e.Message);
        }
        catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed form",
                detail: "The multipart body stops before its closing boundary; was the upload cut off?");
        }
        if (form.Files.Count is 0 or > MaxFilesPerUpload)
            return ApiResults.Invalid(new() { ["files"] = [$"Attach 1..{MaxFilesPerUpload} PNG or JPEG files; there were {form.Files.Count}."] });

        var files = new List<UploadedFile>(form.Files.Count);
        foreach (var file in form.Files)
        {
            using var stream = new MemoryStream((int)file.Length);
            await file.CopyToAsync(stream, context.RequestAborted);
            files.Add(new UploadedFile(file.FileName, stream.ToArray()));
        }
        return ApiResults.Ok(await concepts.UploadImagesAsync(id, files, ApiResults.User(context), context.RequestAborted));
    }

    static IResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large",
        detail: $"One upload may carry at most {MaxUploadBytes >> 20} MiB; send the files in several requests.");
}
