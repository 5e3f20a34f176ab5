namespace Cortex.EndToEnd;

/// <summary>
/// What every end-to-end test shares: one real server, one headless Chromium, and a finished
/// codebook-level run for the tests that only need results to look at. Each test opens its own
/// browser contexts, so cookies, local storage and circuits never leak between tests.
/// </summary>
public sealed class CortexApp : IAsyncLifetime
{
    IPlaywright? _playwright;
    IBrowser? _browser;
    readonly Lazy<Task<FinishedRun>> _finishedRun;

    public CortexApp() => _finishedRun = new(StartFinishedRunAsync);

    public LiveServer Server { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        // Blazor Server pages and a CPU run share two cores with the browser: give assertions time.
        Assertions.SetDefaultExpectTimeout(20_000);
        Server = await LiveServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context signed in as <paramref name="user"/>: a server administrator unless a role in the default workspace is given.</summary>
    public Task<BrowserUser> OpenAsUserAsync(string user, int width = 1280, int height = 800, Web.Services.Role role = Web.Services.Role.Admin) =>
        BrowserUser.OpenAsync(_browser!, Server, user, width, height, role);

    /// <summary>A fresh browser context with nobody signed in.</summary>
    public Task<BrowserUser> OpenAsVisitorAsync(int width = 1280, int height = 800) => BrowserUser.OpenVisitorAsync(_browser!, Server, width, height);

    /// <summary>A codebook-level run created through the API that has succeeded; started once, on first use.</summary>
    public Task<FinishedRun> FinishedRunAsync() => _finishedRun.Value;

    async Task<FinishedRun> StartFinishedRunAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var source = await Server.CreateConceptAsync($"dotted green circles {suffix}", "green circle with dot");
        var target = await Server.CreateConceptAsync($"barred green circles {suffix}", "green circle with bar");
        var id = await Server.CreateExperimentAsync(QuickCodebookRun.Request($"shared run {suffix}", source, target));
        await Server.WaitForStatusAsync(id, "succeeded", TimeSpan.FromMinutes(2));
        return new FinishedRun(id, source, target);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}

/// <summary>A succeeded codebook-level experiment and its two concepts.</summary>
public sealed record FinishedRun(string ExperimentId, string SourceConceptId, string TargetConceptId);

[CollectionDefinition(Name)]
public sealed class CortexCollection : ICollectionFixture<CortexApp>
{
    public const string Name = "cortex";
}
