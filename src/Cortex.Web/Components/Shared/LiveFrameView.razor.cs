using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Cortex.Web.Components.Shared;

public sealed partial class LiveFrameView
{
    public const string ModulePath = "./js/live-frames.js";

    [Inject] IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public string ExperimentId { get; set; } = "";
    /// <summary>Tokens per side of the source image's grid.</summary>
    [Parameter, EditorRequired] public int GridSize { get; set; }
    /// <summary>The run's number of optimization steps.</summary>
    [Parameter, EditorRequired] public int Steps { get; set; }
    /// <summary>The evaluators whose target probability the chart plots; default none.</summary>
    [Parameter] public IReadOnlyList<string> Evaluators { get; set; } = [];
    /// <summary>Whether the run may still produce frames; while true the view is live.</summary>
    [Parameter] public bool IsRunning { get; set; }
    /// <summary>The run's stored frames in step order; once it ended and these exist, the view replays them (a new list restarts the replay).</summary>
    [Parameter] public IReadOnlyList<StoredFrame> StoredFrames { get; set; } = [];
    /// <summary>The step of the run's best edit (<see cref="CodebookEdits"/>), which the replay names as such; null when unknown.</summary>
    [Parameter] public int? BestStep { get; set; }
    /// <summary>The replayed step: the last stored frame at or before it shows; null shows the last frame.</summary>
    [Parameter] public int? SelectedStep { get; set; }
    /// <summary>Raised with the step of the stored frame the user moved the replay slider to.</summary>
    [Parameter] public EventCallback<int> OnStepSelected { get; set; }
    /// <summary>Raised when a run seen active here succeeded, failed or was cancelled, so the page can load its results.</summary>
    [Parameter] public EventCallback OnFinished { get; set; }
    /// <summary>Set on a public share page: the hub connection and image requests carry its token.</summary>
    [CascadingParameter] public ShareAccess? Share { get; set; }

    /// <summary>Its workspace goes with the hub connection, so a workspace chosen meanwhile in another tab does not cut this page off.</summary>
    [Inject] CurrentUser User { get; set; } = default!;

    ElementReference _host;
    IJSObjectReference? _module, _controller;
    DotNetObjectReference<LiveFrameView>? _self;
    Setup? _started;
    IReadOnlyList<StoredFrame>? _indexedFrames;
    int? _indexedStep, _shownIndex;
    int _index;
    bool _paused, _syncing, _syncAgain, _disposed;

    bool Replaying => !IsRunning && StoredFrames.Count > 0;

    string StepText => $"step {StoredFrames[_index].Step} / {Steps}";

    string SpokenStep => $"step {StoredFrames[_index].Step} of {Steps}";

    string ImageLabel => Replaying
        ? $"Decoded image at {SpokenStep}, changed token cells outlined"
        : "Decoded image of the run's latest step, changed token cells outlined";

    /// <summary>What <c>start</c> of the module receives (camelCase in JavaScript).</summary>
    public sealed record StartOptions(string ExperimentId, int GridSize, int Steps, IReadOnlyList<string> Evaluators, bool Live, bool Running,
        ChartSeries? Series, int? BestStep, DotNetObjectReference<LiveFrameView> DotNet, string? Share, string? Workspace)
    {
        /// <summary>The hub's method names the module's connection uses, from the server's own contract.</summary>
        public HubNames Hub { get; } = new();
    }

    /// <summary>The live hub's names the browser needs (<see cref="ExperimentHubNames"/>).</summary>
    public sealed record HubNames
    {
        public string Join => ExperimentHubNames.Join;
        public string Frame => ExperimentHubNames.Frame;
        public string History => ExperimentHubNames.History;
        public string Status => ExperimentHubNames.Status;
    }

    /// <summary>What the running controller was started for; any change starts a new one.</summary>
    sealed record Setup(string ExperimentId, int GridSize, int Steps, string Evaluators, IReadOnlyList<StoredFrame>? Replay, int? BestStep);

    protected override void OnParametersSet()
    {
        // Only a new step or new frames move the slider, so a page that does not bind SelectedStep keeps the user's choice.
        if (!Replaying || (ReferenceEquals(StoredFrames, _indexedFrames) && SelectedStep == _indexedStep)) return;
        (_indexedFrames, _indexedStep) = (StoredFrames, SelectedStep);
        _index = FrameReplay.IndexAt(StoredFrames, SelectedStep);
    }

    protected override Task OnAfterRenderAsync(bool firstRender) => SyncAsync();

    [JSInvokable(nameof(OnFinished))]
    public Task NotifyFinishedAsync() => OnFinished.InvokeAsync();

    async Task SelectAsync(int index)
    {
        _index = index;
        await OnStepSelected.InvokeAsync(StoredFrames[index].Step);
    }

    async Task TogglePauseAsync()
    {
        _paused = !_paused;
        if (_controller is not null && _started is { Replay: null }) await _controller.InvokeVoidAsync(_paused ? "pause" : "resume");
    }

    // Renders can overlap an unfinished sync (the module import is slow); the last one reruns it instead of racing it.
    async Task SyncAsync()
    {
        if (_syncing)
        {
            _syncAgain = true;
            return;
        }
        _syncing = true;
        try
        {
            do
            {
                _syncAgain = false;
                await SyncOnceAsync();
            } while (_syncAgain && !_disposed);
        }
        finally
        {
            _syncing = false;
        }
    }

    async Task SyncOnceAsync()
    {
        if (_disposed) return;
        var setup = new Setup(ExperimentId, GridSize, Steps, string.Join('\n', Evaluators), Replaying ? StoredFrames : null, BestStep);
        if (setup != _started)
        {
            await StopAsync();
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _self ??= DotNetObjectReference.Create(this);
            var series = setup.Replay is { } frames ? FrameReplay.Chart(frames, Evaluators) : null;
            _controller = await _module.InvokeAsync<IJSObjectReference>("start", _host,
                new StartOptions(ExperimentId, GridSize, Steps, Evaluators, Live: series is null, Running: IsRunning, series, BestStep, _self, Share?.Token, User.Workspace));
            (_started, _shownIndex) = (setup, null);
            if (_disposed) await StopAsync();
            else if (_paused && series is null) await _controller.InvokeVoidAsync("pause");
        }
        if (setup.Replay is { } replay && _controller is not null && _shownIndex != _index)
        {
            await _controller.InvokeVoidAsync("showFrame", FrameReplay.Frame(ExperimentId, replay[_index], Steps, GridSize));
            _shownIndex = _index;
        }
    }

    async Task StopAsync()
    {
        if (_controller is null) return;
        var controller = _controller;
        _controller = null;
        await controller.InvokeVoidAsync("dispose");
        await controller.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        try
        {
            await StopAsync();
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's objects with it.
        }
        _self?.Dispose();
    }
}
