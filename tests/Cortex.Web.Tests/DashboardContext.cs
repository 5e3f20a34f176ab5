using Cortex.Web.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Cortex.Web.Tests;

/// <summary>A bUnit context with MudBlazor and every dashboard service replaced by an in-memory fake.</summary>
/// <remarks>
/// Disposed asynchronously: MudBlazor's interactive components (chips, selects, dialogs) register
/// services that only implement IAsyncDisposable, which a synchronous dispose refuses.
/// </remarks>
public abstract class DashboardContext : BunitContext, IAsyncLifetime
{
    protected FakeConceptService Concepts { get; } = new();
    protected FakeExperimentService Experiments { get; } = new();
    protected FakeReviewService Review { get; } = new();
    protected FakeCodebookService Codebook { get; } = new();
    protected FakeModelCatalog Models { get; } = new();
    protected FakeExperimentFeed Feed { get; } = new();

    protected DashboardContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IConceptService>(Concepts);
        Services.AddSingleton<IExperimentService>(Experiments);
        Services.AddSingleton<IReviewService>(Review);
        Services.AddSingleton<ICodebookService>(Codebook);
        Services.AddSingleton<IModelCatalog>(Models);
        Services.AddSingleton<IExperimentFeed>(Feed);
        Services.AddScoped<CurrentUser>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
