using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;
using Cortex.Server.Cli;
using Cortex.Server.Models;
using Cortex.Web.Components;
using Cortex.Web.Services;
using MudBlazor.Services;

namespace Cortex.Server.Hosting;

/// <summary>Builds and runs the dashboard host.</summary>
public static class CortexHost
{
    /// <summary>The <c>serve</c> verb: loads libtorch and the model first, so that either failing is one clear line.</summary>
    public static async Task<int> RunAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.Initialize();
        await using var app = Build(options);
        app.Logger.LogInformation("Compute device: {Device}", TorchRuntime.Describe(device));
        app.Logger.LogInformation("Model: {Directory}", app.Services.GetRequiredService<BuiltInModelHost>().Directory);
        await app.RunAsync(cancellationToken);
        return ExitCodes.Success;
    }

    public static WebApplication Build(ServeOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Named explicitly so that a host started from tests finds cortex's static asset manifests.
            ApplicationName = typeof(CortexHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        // Serves MudBlazor's and the framework's assets from a build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        if (!string.IsNullOrWhiteSpace(options.Urls)) builder.WebHost.UseUrls(options.Urls);
        builder.AddCortexModels(options.ModelDirectory);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    static void AddCortexModels(this WebApplicationBuilder builder, string? modelDirectory)
    {
        var directory = DefaultModel.Resolve(modelDirectory ?? builder.Configuration["Cortex:ModelDirectory"]);
        // Loaded while building, so a missing or corrupt model stops the start with its own message.
        var host = new BuiltInModelHost(ModelStore.Load(directory).To(TorchRuntime.Initialize()), directory);
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton<IModelCatalog>(host);
    }
}
