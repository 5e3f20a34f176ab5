using Cortex.Server.Experiments;
using Cortex.Server.Tests.Api;
using Cortex.Web.Services;

namespace Cortex.Server.Tests.Experiments;

/// <summary>A codebook-level run's results name both edits it found, and its replay holds the frames of both.</summary>
public sealed class BestAndFinalEditTests : IAsyncLifetime
{
    const int Steps = 40;
    ServerFixture _server = default!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    [Fact]
    public async Task The_best_and_the_final_edit_are_stored_with_their_steps_and_the_replay_ends_on_the_final_one()
    {
        var dot = await _server.CreateConceptAsync("dot", "green circle with dot");
        var bar = await _server.CreateConceptAsync("bar", "green circle with bar");
        var id = (await _server.CreateExperimentAsync(new
        {
            name = "edit", method = "codebook-level", conceptIds = new[] { dot, bar },
            parameters = ServerFixture.QuickParameters(new { steps = Steps, decodeEvery = 5, sourceConceptId = dot, targetConceptId = bar }),
        }))["id"]!.GetValue<string>();
        var done = await _server.WaitForAsync(id, TimeSpan.FromMinutes(3), "succeeded", "failed");
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done["error"]?.ToString());

        var bestStep = (int)done["summary"]!["figures"]!["codebook.best_step"]!.GetValue<double>();
        var frames = FrameLog.Read(await _server.Http.GetByteArrayAsync($"/api/experiments/{id}/files/{FrameLog.Name}"));
        var best = Assert.Single(frames, f => f.Step == bestStep);
        Assert.Equal(Steps, frames[^1].Step);
        Assert.Equal(frames.Where(f => f.EvaluatorProbability is not null).MaxBy(f => f.EvaluatorProbability!.Values.Average()), best);
        Assert.Equal(await TokensAsync(id, "best_tokens.npy"), best.Tokens);
        Assert.Equal(await TokensAsync(id, "final_tokens.npy"), frames[^1].Tokens);
        var files = done["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Contains("after.png", files);
        Assert.Contains("final.png", files);
    }

    async Task<long[]> TokensAsync(string id, string file) =>
        NpyReader.Longs(NpyReader.Read(await _server.Http.GetByteArrayAsync($"/api/experiments/{id}/files/{file}")).Data);

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
