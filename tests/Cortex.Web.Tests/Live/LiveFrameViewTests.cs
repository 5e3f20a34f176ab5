using Cortex.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Cortex.Web.Tests.Live;

public sealed class LiveFrameViewTests : DashboardContext
{
    static readonly StoredFrame[] Frames =
    [
        new(0, 2.0, 0.1, null, [1, 2, 3, 4], [], "frame_0000.png"),
        new(10, 1.5, 0.4, new Dictionary<string, double> { ["probe"] = 0.3 }, [1, 9, 3, 4], [1], "frame_0010.png"),
        new(20, 1.0, 0.8, new Dictionary<string, double> { ["probe"] = 0.7 }, [5, 9, 3, 4], [0, 1], "frame_0020.png"),
    ];

    readonly BunitJSModuleInterop _module;
    readonly BunitJSModuleInterop _controller;

    public LiveFrameViewTests()
    {
        _module = JSInterop.SetupModule(LiveFrameView.ModulePath);
        _controller = _module.SetupModule("start", _ => true);
    }

    IRenderedComponent<LiveFrameView> RenderView(bool running, IReadOnlyList<StoredFrame>? frames = null, int? step = null, Action<int>? selected = null) =>
        Render<LiveFrameView>(p => p
            .Add(c => c.ExperimentId, "e1").Add(c => c.GridSize, 2).Add(c => c.Steps, 20).Add(c => c.Evaluators, ["probe"]).Add(c => c.BestStep, 10)
            .Add(c => c.IsRunning, running).Add(c => c.StoredFrames, frames ?? []).Add(c => c.SelectedStep, step)
            .Add(c => c.OnStepSelected, selected ?? (_ => { })));

    LiveFrameView.StartOptions StartedWith(int call = 0) => Assert.IsType<LiveFrameView.StartOptions>(_module.Invocations["start"][call].Arguments[1]);

    IReadOnlyList<ReplayFrame> Shown() => [.. _controller.Invocations["showFrame"].Select(i => Assert.IsType<ReplayFrame>(i.Arguments[0]))];

    [Fact]
    public void A_running_experiment_imports_the_module_and_starts_it_live_for_the_experiments_grid_and_steps()
    {
        var view = RenderView(running: true);

        view.WaitForAssertion(() => _module.VerifyInvoke("start"));
        var options = StartedWith();
        Assert.Equal(("e1", 2, 20, true, true), (options.ExperimentId, options.GridSize, options.Steps, options.Live, options.Running));
        Assert.Equal(["probe"], options.Evaluators);
        Assert.Null(options.Series);
        Assert.IsType<ElementReference>(_module.Invocations["start"][0].Arguments[0]);
        Assert.Empty(view.FindAll("input[type=range]"));
    }

    [Fact]
    public void The_pause_button_pauses_and_resumes_the_drawing_and_says_which_it_will_do()
    {
        var view = RenderView(running: true);
        view.WaitForAssertion(() => _module.VerifyInvoke("start"));

        Assert.Equal("Pause the live view", view.Find("[data-testid=live-pause]").GetAttribute("aria-label"));
        view.Find("[data-testid=live-pause]").Click();
        _controller.VerifyInvoke("pause");
        Assert.Equal("Resume the live view", view.Find("[data-testid=live-pause]").GetAttribute("aria-label"));
        view.Find("[data-testid=live-pause]").Click();
        _controller.VerifyInvoke("resume");
    }

    [Fact]
    public void A_run_that_ended_without_stored_frames_offers_no_pause_and_is_not_started_as_running()
    {
        var view = RenderView(running: false);

        view.WaitForAssertion(() => _module.VerifyInvoke("start"));
        Assert.False(StartedWith().Running);
        Assert.Empty(view.FindAll("[data-testid=live-pause]"));
        Assert.Empty(view.FindAll("input[type=range]"));
    }

    [Fact]
    public void An_ended_run_replays_its_stored_frames_on_a_slider_and_moving_it_raises_the_chosen_step()
    {
        var selected = new List<int>();
        var view = RenderView(running: false, Frames, selected: selected.Add);

        view.WaitForAssertion(() => Assert.Single(Shown()));
        var options = StartedWith();
        Assert.False(options.Live);
        Assert.Equal(10, options.BestStep);
        Assert.Equal([0, 10, 20], options.Series!.Steps);
        Assert.Equal([null, 0.3, 0.7], options.Series.EvaluatorProbability["probe"]);
        Assert.Equal(20, Shown()[0].Step);
        Assert.Equal("api/experiments/e1/files/frame_0020.png", Shown()[0].ImageUrl);

        var slider = view.Find("input[type=range]");
        Assert.Equal(("0", "2", "2"), (slider.GetAttribute("min"), slider.GetAttribute("max"), slider.GetAttribute("value")));
        slider.Input("1");

        Assert.Equal([10], selected);
        view.WaitForAssertion(() => Assert.Equal([20, 10], Shown().Select(f => f.Step)));
        Assert.Equal("step 10 of 20", view.Find("input[type=range]").GetAttribute("aria-valuetext"));
    }

    [Fact]
    public void A_selected_step_shows_the_nearest_stored_frame_at_or_before_it()
    {
        var view = RenderView(running: false, Frames, step: 15);

        view.WaitForAssertion(() => Assert.Equal([10], Shown().Select(f => f.Step)));
        Assert.Equal("1", view.Find("input[type=range]").GetAttribute("value"));
        Assert.Contains("step 10 / 20", view.Markup);

        view.Render(p => p.Add(c => c.SelectedStep, 3));
        view.WaitForAssertion(() => Assert.Equal([10, 0], Shown().Select(f => f.Step)));
        Assert.Equal("0", view.Find("input[type=range]").GetAttribute("value"));
    }

    [Fact]
    public async Task The_end_of_the_run_switches_from_live_to_replay_and_disposing_stops_the_module()
    {
        var view = RenderView(running: true);
        view.WaitForAssertion(() => _module.VerifyInvoke("start"));

        view.Render(p => p.Add(c => c.IsRunning, false).Add(c => c.StoredFrames, Frames));

        view.WaitForAssertion(() => Assert.Equal(2, _module.Invocations["start"].Count));
        _controller.VerifyInvoke("dispose");
        Assert.False(StartedWith(1).Live);
        view.WaitForAssertion(() => Assert.Single(Shown()));
        await DisposeComponentsAsync();
        _controller.VerifyInvoke("dispose", calledTimes: 2);
    }

    [Fact]
    public async Task The_modules_finished_callback_raises_OnFinished()
    {
        var finished = 0;
        var view = Render<LiveFrameView>(p => p.Add(c => c.ExperimentId, "e1").Add(c => c.GridSize, 2).Add(c => c.Steps, 20)
            .Add(c => c.IsRunning, true).Add(c => c.OnFinished, () => finished++));
        view.WaitForAssertion(() => _module.VerifyInvoke("start"));

        Assert.IsType<DotNetObjectReference<LiveFrameView>>(StartedWith().DotNet);
        await view.InvokeAsync(view.Instance.NotifyFinishedAsync);

        Assert.Equal(1, finished);
    }

    [Fact]
    public void The_image_the_chart_and_the_connection_state_are_described_for_assistive_technology()
    {
        var view = RenderView(running: true);

        Assert.Equal("img", view.Find("canvas.live-image").GetAttribute("role"));
        Assert.StartsWith("Decoded image", view.Find("canvas.live-image").GetAttribute("aria-label"));
        Assert.Equal("true", view.Find("canvas.live-overlay").GetAttribute("aria-hidden"));
        Assert.False(string.IsNullOrWhiteSpace(view.Find(".live-chart").GetAttribute("aria-label")));
        Assert.Equal("status", view.Find(".live-connection").GetAttribute("role"));
        Assert.Equal("button", view.Find("[data-testid=live-pause]").TagName.ToLowerInvariant());
    }
}
