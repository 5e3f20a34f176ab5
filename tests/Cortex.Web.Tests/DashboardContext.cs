using Cortex.Web.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Cortex.Web.Tests;

/// <summary>A bUnit context with MudBlazor and every dashboard service replaced by an in-memory fake.</summary>
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

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that only dispose asynchronously (the key interceptor of chips and
    // text fields); xUnit 2 never calls IAsyncDisposable, but it does call this before Dispose, which then has nothing left to do.
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
