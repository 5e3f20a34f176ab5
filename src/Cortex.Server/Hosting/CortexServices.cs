using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Compute.Models.BuiltIn;
using Cortex.Compute.Native;
using Cortex.Server.Accounts;
using Cortex.Server.Api;
using Cortex.Server.Cli;
using Cortex.Server.Dispatch;
using Cortex.Server.Experiments;
using Cortex.Server.Models;
using Cortex.Server.Options;
using Cortex.Server.Storage;
using Cortex.Server.Services;
using Cortex.Server.Streaming;
using Cortex.Server.Telemetry.Health;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Cortex.Server.Hosting;

/// <summary>The server's registrations and endpoints, grouped by purpose.</summary>
public static class CortexServices
{
    /// <summary>The largest request body the API accepts (413 beyond); an image upload has its own, <see cref="ConceptImageEndpoints.MaxUploadBytes"/>.</summary>
    public const long MaxRequestBytes = 1 << 20;

    public static WebApplicationBuilder AddCortexOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CortexOptions>().Bind(builder.Configuration.GetSection(CortexOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBytes);
        return builder;
    }

    public static WebApplicationBuilder AddCortexModels(this WebApplicationBuilder builder, string? modelDirectory)
    {
        var directory = DefaultModel.Resolve(modelDirectory ?? builder.Configuration[$"{CortexOptions.Section}:ModelDirectory"]);
        var device = TorchRuntime.Initialize(builder.Configuration.GetSection(ComputeOptions.Section).Get<ComputeOptions>());
        // Loaded while building, so a missing or corrupt model stops the start with its own message.
        var builtIn = ModelLoading.BuiltIn(ModelRegistry.BuiltInId, ModelStore.Load(directory).To(device));
        builder.Services.AddSingleton<ModelsDirectory>();
        builder.Services.AddSingleton(services => new ModelRegistry(builtIn, directory, services.GetRequiredService<CortexDatabase>(),
            services.GetRequiredService<ModelsDirectory>(), services.GetRequiredService<IOptions<CortexOptions>>(), device));
        builder.Services.AddSingleton<ModelService>();
        builder.Services.AddSingleton<IModelCatalog>(services => services.GetRequiredService<ModelService>());
        return builder;
    }

    public static WebApplicationBuilder AddCortexExperiments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CortexDatabase>();
        builder.Services.AddSingleton<ConceptImageStore>();
        builder.Services.AddSingleton<IExperimentEvents, InProcessExperimentEvents>();
        builder.Services.AddSingleton<ExperimentStreams>();
        builder.Services.AddSingleton<HubSubscriptions>();
        builder.Services.AddSingleton<ShareConnections>();
        builder.Services.AddSingleton<ExperimentStore>();
        builder.Services.AddSingleton<SpecValidator>();
        // The form reads the same limits the validator enforces, this server's configured caps included.
        builder.Services.AddSingleton(services => SpecValidator.Limits(services.GetRequiredService<IOptions<CortexOptions>>().Value));
        builder.Services.AddSingleton<SupportCache>();
        builder.Services.AddSingleton<ExperimentImages>();
        builder.Services.AddSingleton<CodebookService>();
        builder.Services.AddSingleton<ProbeSubjects>();
        // Scoped: each request or dashboard circuit sees its own workspace (Accounts.WorkspaceScope).
        builder.Services.AddScoped<IConceptService, ConceptService>();
        builder.Services.AddScoped<IExperimentService, ExperimentService>();
        builder.Services.AddScoped<IReviewService, ReviewService>();
        builder.Services.AddScoped<ICodebookService, WorkspaceCodebook>();
        builder.Services.AddScoped<IProbeService, ProbeService>();
        builder.Services.AddScoped<ITokenService, WorkspaceTokens>();
        builder.Services.AddScoped<PageTokenLabels>();
        builder.Services.AddSingleton<AnnotationFeed>();
        builder.Services.AddSingleton<IAnnotationFeed>(services => services.GetRequiredService<AnnotationFeed>());
        builder.Services.AddSingleton<FindingFeed>();
        builder.Services.AddSingleton<IFindingFeed>(services => services.GetRequiredService<FindingFeed>());
        builder.Services.AddSingleton<IExperimentFeed, ExperimentFeed>();
        builder.Services.AddSingleton<IWorkerService, WorkerService>();
        builder.Services.AddCurrentUser();
        // Before the scheduler and the workers (CortexHost adds them last): it reconciles the queue and connects the bus first.
        builder.Services.AddHostedService<ExperimentPipeline>();
        builder.Services.AddSignalR().AddJsonProtocol(json => Configure(json.PayloadSerializerOptions));
        return builder;
    }

    public static WebApplicationBuilder AddCortexApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemMessages.Describe);
        // A body or query value that does not bind throws, so that the exception handler answers it with the reason.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => Configure(json.SerializerOptions));
        return builder;
    }

    public static WebApplication MapCortexApi(this WebApplication app)
    {
        // A client's malformed or oversized request is a 4xx problem, never a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // The client's mistake, answered in full: not an error of the server's to log.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        var api = app.MapGroup("/api").RequireAuthorization(Accounts.AccountHosting.ApiPolicy);
        api.MapConcepts();
        api.MapConceptImages();
        api.MapExperiments();
        api.MapExports();
        api.MapReview();
        api.MapTokens();
        api.MapImages();
        api.MapModels();
        api.MapShareLinks();
        api.MapWorkspaces();
        api.MapWorkers();
        app.MapCortexHealth();
        app.MapOpenApi();
        app.MapAccounts();
        app.MapHub<ExperimentHub>(ExperimentHub.Path).RequireAuthorization(Accounts.AccountHosting.HubPolicy);
        app.Services.GetRequiredService<ModelService>().RegisterBuiltIn();
        return app;
    }

    static void Configure(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        json.Converters.Add(new FiniteNumberConverter());
        json.NumberHandling = JsonNumberHandling.Strict;
    }
}
