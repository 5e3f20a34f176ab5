namespace Cortex.Server.Tests.Api;

/// <summary>
/// A cancel that comes the moment a run turns running, while the head is still telling its worker to start it (the first run of a
/// server prepares the model's manifest then), reaches the run once it starts instead of being lost.
/// </summary>
public sealed class CancelAtStartTests : IAsyncLifetime
{
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Runs_cancelled_as_soon_as_they_turn_running_end_cancelled()
    {
        var (dot, bar) = (await _server.CreateConceptAsync("dot", "purple square with dot"), await _server.CreateConceptAsync("bar", "purple square with bar"));
        for (var i = 1; i <= 2; i++)
        {
            // Far more steps than the test waits for: only the cancel ends it in time.
            var id = (await _server.CreateExperimentAsync(new
            {
                name = $"cancelled at start {i}", method = "codebook-level", conceptIds = new[] { dot, bar },
                parameters = ServerFixture.QuickParameters(new { steps = 20_000, decodeEvery = 100, sourceConceptId = dot, targetConceptId = bar }),
            }))["id"]!.GetValue<string>();
            await _server.WaitForAsync(id, TimeSpan.FromMinutes(2), "running");

            (await _server.Http.PostAsync($"/api/experiments/{id}/cancel", null)).EnsureSuccessStatusCode();

            await _server.WaitForAsync(id, TimeSpan.FromMinutes(1), "cancelled");
        }
    }
}
