using Cortex.Server.Tests.Api;
using Cortex.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Server.Tests.Hosting;

/// <summary>The real dashboard host on a loopback port, with the shipped model.</summary>
public sealed class DashboardHostTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    [Fact]
    public async Task Home_shows_the_shipped_model_and_its_quality()
    {
        var html = await _server.Http.GetStringAsync("/");
        Assert.Contains("<title>Cortex</title>", html);
        Assert.Contains("cortex-builtin", html);
        Assert.Contains("reconstruction PSNR", html);
        Assert.Contains("red circle", html);
    }

    [Theory]
    [InlineData("/css/cortex.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Static_assets_are_served(string path)
    {
        using var response = await _server.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_catalog_draws_prior_samples_as_png_and_refuses_unknown_classes()
    {
        var catalog = _server.Services.GetRequiredService<IModelCatalog>();
        var png = await catalog.SamplesPngAsync("builtin", classId: 0, count: 4);
        Assert.NotNull(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Same(png, await catalog.SamplesPngAsync("builtin", 0, 4));
        Assert.Null(await catalog.SamplesPngAsync("builtin", classId: 12, count: 4));
        Assert.Null(await catalog.SamplesPngAsync("other", classId: 0, count: 4));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
