using System.Security.Claims;
using Bunit.TestDoubles;
using Cortex.Web.Tests.Fakes;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Cortex.Web.Tests;

/// <summary>
/// A bUnit context with MudBlazor, every dashboard service replaced by an in-memory fake, and an admin
/// named "tester" signed in; a test that needs someone else calls <see cref="SignIn"/> or <see cref="SignOut"/>.
/// </summary>
/// <remarks>
/// Disposed asynchronously: MudBlazor's interactive components (chips, selects, dialogs) register
/// services that only implement IAsyncDisposable, which a synchronous dispose refuses.
/// </remarks>
public abstract class DashboardContext : BunitContext, IAsyncLifetime
{
    public const string TestAntiforgeryToken = "test-antiforgery-token";

    protected FakeConceptService Concepts { get; } = new();
    protected FakeExperimentService Experiments { get; } = new();
    protected FakeReviewService Review { get; } = new();
    protected FakeCodebookService Codebook { get; } = new();
    protected FakeTokenService Tokens { get; } = new();
    protected FakeAnnotationFeed AnnotationFeed { get; } = new();
    protected FakeFindingFeed FindingFeed { get; } = new();
    protected FakeModelCatalog Models { get; } = new();
    protected FakeExperimentFeed Feed { get; } = new();
    protected FakeWorkspaceService Workspaces { get; } = new();
    protected FakeAccountService Accounts { get; }
    protected FakeShareLinkService ShareLinks { get; } = new();
    protected FakeProbeService Probes { get; } = new();
    protected FakeWorkerService WorkerList { get; } = new();
    /// <summary>The fakes date everything in March 2025; links they create expire days later, so "now" is that spring too.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 2, 12, 0, 0, TimeSpan.Zero));
    protected BunitAuthorizationContext Auth { get; }

    protected DashboardContext()
    {
        Accounts = new FakeAccountService(Workspaces);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IConceptService>(Concepts);
        Services.AddSingleton<IExperimentService>(Experiments);
        Services.AddSingleton<IReviewService>(Review);
        Services.AddSingleton<ICodebookService>(Codebook);
        Services.AddSingleton<ITokenService>(Tokens);
        Services.AddScoped<PageTokenLabels>();
        Services.AddSingleton<IAnnotationFeed>(AnnotationFeed);
        Services.AddSingleton<IFindingFeed>(FindingFeed);
        Services.AddSingleton<IModelCatalog>(Models);
        Services.AddSingleton<IExperimentFeed>(Feed);
        Services.AddSingleton<IAccountService>(Accounts);
        Services.AddSingleton<IShareLinkService>(ShareLinks);
        Services.AddSingleton<IProbeService>(Probes);
        Services.AddSingleton<IShareAdmission>(ShareLinks);
        Services.AddSingleton<IWorkspaceService>(Workspaces);
        Services.AddSingleton<IWorkerService>(WorkerList);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(new ExperimentLimits());
        Services.AddSingleton<AntiforgeryStateProvider>(new TestAntiforgery());
        Services.AddCurrentUser();
        Auth = AddAuthorization();
        SignIn("tester", Role.Admin);
    }

    /// <summary>
    /// Signs <paramref name="name"/> in with <paramref name="role"/> in the default workspace as the server does:
    /// the role, workspace and account id as claims, and every policy at or below the role passing. An admin is
    /// also a server administrator unless <paramref name="administrator"/> says otherwise.
    /// </summary>
    protected void SignIn(string name, Role role, bool? administrator = null)
    {
        var isAdministrator = administrator ?? role == Role.Admin;
        // Policies first: only the state changes below tell rendered components to authorize again.
        Auth.SetPolicies([.. Enum.GetValues<Role>().Where(r => r <= role).Select(CortexAuth.Policy), .. isAdministrator ? [CortexAuth.AdministratorPolicy] : Array.Empty<string>()]);
        Auth.SetAuthorized(name);
        Auth.SetClaims([new Claim(CortexAuth.RoleClaim, role.ToString()), new Claim(CortexAuth.UserIdClaim, $"id-{name}"),
            new Claim(CortexAuth.WorkspaceClaim, Web.Services.Workspaces.DefaultId), new Claim(CortexAuth.WorkspaceNameClaim, Web.Services.Workspaces.DefaultName),
            .. isAdministrator ? [new Claim(CortexAuth.AdministratorClaim, "true")] : Array.Empty<Claim>()]);
    }

    protected void SignOut() => Auth.SetPolicies().SetNotAuthorized();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The token the server would issue with the page; forms must carry it back.</summary>
    sealed class TestAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new(TestAntiforgeryToken, "__RequestVerificationToken");
    }
}
