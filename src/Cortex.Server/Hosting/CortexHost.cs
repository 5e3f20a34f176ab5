using Cortex.Compute.Native;
using Cortex.Server.Accounts;
using Cortex.Server.Cli;
using Cortex.Server.Cluster;
using Cortex.Server.Models;
using Cortex.Server.Telemetry;
using Cortex.Web.Components;
using MudBlazor.Services;

namespace Cortex.Server.Hosting;

/// <summary>Builds and runs the dashboard host.</summary>
public static class CortexHost
{
    /// <summary>The <c>serve</c> verb: building loads libtorch (the <c>Compute</c> section) and the model first, so that either failing is one clear line.</summary>
    public static async Task<int> RunAsync(ServeOptions options, CancellationToken cancellationToken)
    {
        await using var app = Build(options);
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        app.Logger.LogInformation("Compute device: {Device}", TorchRuntime.Describe(registry.Device));
        app.Logger.LogInformation("Model: {Directory}", registry.BuiltInDirectory);
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
        if (ListenAddresses.Choose(options.Urls, builder.Configuration) is { } urls) builder.WebHost.UseUrls(urls);
        if (!string.IsNullOrWhiteSpace(options.DataDirectory)) builder.Configuration["Cortex:DataDirectory"] = options.DataDirectory;
        builder.AddCortexOptions().AddCortexModels(options.ModelDirectory).AddCortexExperiments().AddCortexApi().AddCortexAccounts();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        if (!string.IsNullOrWhiteSpace(options.Cluster)) builder.Configuration[$"{ClusterSettings.Section}:Address"] = options.Cluster;
        if (!string.IsNullOrWhiteSpace(options.Certificate)) builder.Configuration[$"{ClusterSettings.Section}:Certificate"] = options.Certificate;
        configure?.Invoke(builder);
        // After the caller's settings, so that the cluster and the telemetry export follow the final configuration.
        builder.AddCortexCluster();
        builder.AddCortexTelemetry();

        var app = builder.Build();
        app.MapCortexApi();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseWorkspaceScope();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseShareLinkGate();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
