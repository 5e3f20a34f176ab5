namespace Cortex.Web.Tests.Live;

public sealed class FrameReplayTests
{
    static StoredFrame Frame(int step, IReadOnlyDictionary<string, double>? evaluators = null, string? image = null) =>
        new(step, Loss: 1.0 / (step + 1), TargetProbability: step / 100.0, evaluators, Tokens: [step, 2, 3, 4], Changed: [0], image);

    static readonly StoredFrame[] Frames = [Frame(0), Frame(10), Frame(20), Frame(35)];

    [Theory]
    [InlineData(0, 0)]
    [InlineData(9, 0)]
    [InlineData(10, 1)]
    [InlineData(34, 2)]
    [InlineData(35, 3)]
    [InlineData(1000, 3)]
    [InlineData(-5, 0)]
    public void A_requested_step_shows_the_last_stored_frame_at_or_before_it_and_the_first_frame_before_any(int step, int index) =>
        Assert.Equal(index, FrameReplay.IndexAt(Frames, step));

    [Fact]
    public void No_requested_step_shows_the_last_frame_and_no_frames_is_refused()
    {
        Assert.Equal(3, FrameReplay.IndexAt(Frames, null));
        Assert.Equal(0, FrameReplay.IndexAt([Frame(7)], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReplay.IndexAt([], 3));
    }

    [Fact]
    public void The_chart_has_one_point_per_frame_and_an_evaluator_has_gaps_where_it_did_not_score()
    {
        var chart = FrameReplay.Chart(
            [Frame(0, new Dictionary<string, double> { ["probe"] = 0.2 }), Frame(1), Frame(2, new Dictionary<string, double> { ["probe"] = 0.6, ["other"] = 0.1 })],
            ["probe", "unscored"]);

        Assert.Equal([0, 1, 2], chart.Steps);
        Assert.Equal([1.0, 0.5, 1.0 / 3], chart.Loss);
        Assert.Equal([0, 0.01, 0.02], chart.TargetProbability);
        Assert.Equal([0.2, null, 0.6], chart.EvaluatorProbability["probe"]);
        Assert.Equal([null, null, null], chart.EvaluatorProbability["unscored"]);
        Assert.Equal(["probe", "unscored"], chart.EvaluatorProbability.Keys.Order());
    }

    [Fact]
    public void A_replayed_frame_has_the_live_frames_shape_and_its_image_as_a_stored_file()
    {
        var frame = FrameReplay.Frame("run 1", Frame(10, new Dictionary<string, double> { ["probe"] = 0.4 }, "frame_0010.png"), steps: 200, gridSize: 2);

        Assert.Equal((10, 200, 2), (frame.Step, frame.Steps, frame.GridSize));
        Assert.Equal([0.1], frame.TargetProbability);
        Assert.Equal([0.4], frame.EvaluatorProbability!["probe"]);
        Assert.Equal([10L, 2, 3, 4], frame.Tokens);
        Assert.Equal([[0]], frame.Changed);
        Assert.Equal(ApiUrls.ExperimentFile("run 1", "frame_0010.png"), frame.ImageUrl);
        Assert.Null(FrameReplay.Frame("run 1", Frame(3), 200, 2).ImageUrl);
    }
}
