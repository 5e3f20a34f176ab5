using Cortex.Web.Components.Shared;
using Cortex.Web.Contracts;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Cortex.Web.Components.Pages.Findings;

/// <summary>
/// The reviewers' queue: the workspace's open findings beside the selected one, verdicts by button or key, and a
/// queue that follows what others raise and review. The sort and the selection live in the address.
/// </summary>
public sealed partial class FindingQueue
{
    public const string ModulePath = "./js/review-keys.js";
    const string ConfirmPurpose = "confirm or dismiss findings";
    // Ages read "3 min ago"; a page left open redraws them this often so they stay true.
    static readonly TimeSpan AgeRefresh = TimeSpan.FromMinutes(1);

    [Inject] IReviewService Review { get; set; } = default!;
    [Inject] IConceptService Concepts { get; set; } = default!;
    [Inject] IExperimentService Experiments { get; set; } = default!;
    [Inject] IFindingFeed Feed { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] IJSRuntime JS { get; set; } = default!;
    [Inject] TimeProvider Clock { get; set; } = default!;

    /// <summary>age (oldest first, the default) or effect (largest |Cliff's δ| first).</summary>
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    /// <summary>The selected finding; absent selects the first of the queue.</summary>
    [SupplyParameterFromQuery(Name = "id")] public string? Id { get; set; }

    List<FindingDocument>? _queue;
    FindingDocument? _selected;
    FindingQueueSort _sort = FindingQueueOrder.Default;
    string? _sortProblem, _selectionProblem, _error, _reasonProblem, _announcement, _notice;
    bool _showHelp, _busy, _disposed, _reveal;
    // Reasons being written, per finding, so moving through the queue never sends one finding's reason for another.
    readonly Dictionary<string, string?> _drafts = [];
    readonly Dictionary<string, string> _conceptNames = [];
    readonly Dictionary<string, string> _experimentNames = [];
    MudTextField<string>? _reasonField;
    IDisposable? _subscription;
    ITimer? _ages;
    IJSObjectReference? _module, _keys;
    DotNetObjectReference<FindingQueue>? _self;

    DateTime Now => Clock.GetUtcNow().UtcDateTime;

    string? Reason => _selected is { } finding ? _drafts.GetValueOrDefault(finding.Id) : null;

    string ConceptName(FindingDocument finding) => _conceptNames.GetValueOrDefault(finding.ConceptId, finding.ConceptId);

    string ExperimentName(FindingDocument finding) => _experimentNames.GetValueOrDefault(finding.ExperimentId, finding.ExperimentId);

    protected override async Task OnParametersSetAsync()
    {
        var sort = FindingQueueOrder.Parse(Sort);
        _sortProblem = sort is null ? $"There is no sort '{Sort}'; showing the oldest first. Sorts are age and effect." : null;
        _sort = sort ?? FindingQueueOrder.Default;
        if (_queue is null)
        {
            var result = await Review.FindingsAsync(FindingReview.ToQuery(FindingStatus.Open));
            if (!result.Succeeded)
            {
                _error = $"The open findings could not be loaded: {result.Message}";
                return;
            }
            await LoadNamesAsync(result.Value!);
            _queue = FindingQueueOrder.Order(result.Value!, _sort);
        }
        else _queue = FindingQueueOrder.Order(_queue, _sort);
        _selected = Id is null ? null : _queue.Find(f => f.Id == Id);
        _selectionProblem = Id is not null && _selected is null && _queue.Count > 0
            ? $"Finding '{Id}' is not open in this workspace any more; showing the first of the queue."
            : null;
        _selected ??= _queue.FirstOrDefault();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_reveal && _keys is not null)
        {
            // A key moved the selection, perhaps past the window's edge: the row it landed on scrolls into view.
            _reveal = false;
            await _keys.InvokeVoidAsync("revealSelected");
        }
        if (!firstRender) return;
        _ages = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, AgeRefresh, AgeRefresh);
        _subscription = Feed.Subscribe(change => change.WorkspaceId == User.Workspace ? InvokeAsync(() => ApplyAsync(change)) : Task.CompletedTask);
        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        var keys = _module is null ? null : await _module.InvokeAsync<IJSObjectReference>("listen", _self, ReviewShortcuts.Keys);
        // Disposed while the script loaded: the listener must not outlive the page.
        if (_disposed && keys is not null) await StopKeysAsync(keys);
        else
        {
            _keys = keys;
            StateHasChanged();
        }
    }

    /// <summary>A shortcut key pressed anywhere on the page outside a field (the browser script calls this; see <see cref="ReviewShortcuts"/>).</summary>
    [JSInvokable]
    public async Task OnShortcutAsync(string key)
    {
        switch (ReviewShortcuts.ActionOf(key))
        {
            case ReviewAction.Next: _reveal = Move(+1); break;
            case ReviewAction.Previous: _reveal = Move(-1); break;
            case ReviewAction.Confirm: await VerdictAsync(FindingStatus.Confirmed); break;
            case ReviewAction.Dismiss: await VerdictAsync(FindingStatus.Dismissed); break;
            case ReviewAction.Open when _selected is { } finding: Navigation.NavigateTo($"findings/{finding.Id}"); return;
            case ReviewAction.Reason: await FocusReasonAsync(); break;
            case ReviewAction.Help: _showHelp = !_showHelp; break;
            default: return;
        }
        StateHasChanged();
    }

    // True when the selection moved.
    bool Move(int step)
    {
        if (_queue is not { Count: > 0 } queue) return false;
        var index = _selected is null ? -1 : queue.IndexOf(_selected);
        var target = Math.Clamp(index + step, 0, queue.Count - 1);
        if (target == index)
        {
            Announce(step > 0 ? "This is the last finding of the queue." : "This is the first finding of the queue.");
            return false;
        }
        Select(queue[target]);
        return true;
    }

    void Select(FindingDocument finding)
    {
        (_selected, _reasonProblem, _selectionProblem, _notice) = (finding, null, null, null);
        Announce($"Finding {_queue!.IndexOf(finding) + 1} of {_queue.Count}: {finding.Title}.");
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("id", finding.Id), replace: true);
    }

    // Selects the finding that took the place of one that left (or none), and keeps the address in step.
    void SelectAt(int index)
    {
        _selected = FindingQueueOrder.After(_queue!, index);
        _reasonProblem = null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("id", _selected?.Id), replace: true);
    }

    void ChooseSort(string value) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("sort", value));

    void SetReason(string? value)
    {
        if (_selected is not { } finding) return;
        _drafts[finding.Id] = value;
        if (!string.IsNullOrWhiteSpace(value)) _reasonProblem = null;
    }

    async Task FocusReasonAsync()
    {
        if (!User.Allows(Role.Reviewer, ConfirmPurpose, Snackbar))
        {
            Announce(RoleText.Need(Role.Reviewer, ConfirmPurpose));
            return;
        }
        if (_reasonField is not null) await _reasonField.FocusAsync();
    }

    async Task VerdictAsync(FindingStatus target)
    {
        if (_selected is not { } finding || _busy) return;
        if (!User.Allows(Role.Reviewer, ConfirmPurpose, Snackbar))
        {
            Announce(RoleText.Need(Role.Reviewer, ConfirmPurpose));
            return;
        }
        if (FindingReview.CheckVerdict(target, Reason) is { } problem)
        {
            _reasonProblem = problem;
            Announce(problem);
            if (_reasonField is not null) await _reasonField.FocusAsync();
            return;
        }
        _busy = true;
        var result = await Review.ReviewFindingAsync(finding.Id, new FindingUpdate(FindingReview.ToQuery(target), Reason!.Trim()), User.Name);
        _busy = false;
        if (!result.Succeeded)
        {
            var refusal = $"The verdict was not saved: {result.Message}";
            Snackbar.Add(refusal, Severity.Error);
            Announce(refusal);
            return;
        }
        _drafts.Remove(finding.Id);
        _notice = null;
        var index = _queue!.FindIndex(f => f.Id == finding.Id);
        // A change from elsewhere may have taken it off the queue while the verdict was on its way.
        if (index < 0) return;
        _queue.RemoveAt(index);
        SelectAt(index);
        var done = $"{(target == FindingStatus.Confirmed ? "Confirmed" : "Dismissed")} “{finding.Title}”. "
            + (_selected is { } next ? $"Next: {next.Title}." : "The queue is empty.");
        Snackbar.Add(done, Severity.Success);
        Announce(done);
    }

    async Task ApplyAsync(FindingChange change)
    {
        if (_queue is null || _disposed) return;
        var current = change.Change == FindingChanges.Deleted ? null : await Review.FindingAsync(change.FindingId);
        var index = _queue.FindIndex(f => f.Id == change.FindingId);
        if (current is { Status: FindingStatus.Open })
        {
            await LoadNamesAsync([current]);
            if (index >= 0) _queue[index] = current;
            else
            {
                _queue = FindingQueueOrder.Order([.. _queue, current], _sort);
                Announce($"“{current.Title}” joined the queue.");
            }
            if (_selected?.Id == current.Id) _selected = current;
        }
        else if (index >= 0)
        {
            var gone = _queue[index];
            _queue.RemoveAt(index);
            var verb = current?.Status is { } status ? FindingReview.ToQuery(status) : "deleted";
            if (_selected?.Id == gone.Id)
            {
                SelectAt(index);
                _notice = $"{change.By ?? "Someone"} {verb} this finding (“{gone.Title}”). " + (_selected is { } next ? $"Now showing “{next.Title}”." : "The queue is empty.");
                Snackbar.Add(_notice, Severity.Info);
                Announce(_notice);
            }
            else Announce($"{change.By ?? "Someone"} {verb} “{gone.Title}”; it left the queue.");
        }
        StateHasChanged();
    }

    async Task LoadNamesAsync(IEnumerable<FindingDocument> findings)
    {
        foreach (var finding in findings)
        {
            if (!_conceptNames.ContainsKey(finding.ConceptId))
                _conceptNames[finding.ConceptId] = (await Concepts.GetAsync(finding.ConceptId))?.Name ?? $"{finding.ConceptId} (deleted)";
            if (!_experimentNames.ContainsKey(finding.ExperimentId))
                _experimentNames[finding.ExperimentId] = (await Experiments.GetAsync(finding.ExperimentId))?.Name ?? $"{finding.ExperimentId} (deleted)";
        }
    }

    void Announce(string text) => _announcement = text;

    static async Task StopKeysAsync(IJSObjectReference keys)
    {
        await keys.InvokeVoidAsync("dispose");
        await keys.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _subscription?.Dispose();
        _ages?.Dispose();
        try
        {
            if (_keys is not null) await StopKeysAsync(_keys);
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's listener with it.
        }
        _self?.Dispose();
    }
}
