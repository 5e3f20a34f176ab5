using Cortex.Web.Components.Shared;
using Cortex.Web.Contracts;
using Cortex.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Cortex.Web.Components.Pages.Findings;

/// <summary>
/// The reviewers' queue: the workspace's open findings beside the selected one, verdicts by button or key, and a
/// queue that follows what others raise and review. The sort and the selection live in the address.
/// </summary>
public sealed partial class FindingQueue
{
    const string ConfirmPurpose = "confirm or dismiss findings";
    const string SelectedRow = ".review-queue-row[aria-current=true]";
    // Ages read "3 min ago"; a page left open redraws them this often so they stay true.
    static readonly TimeSpan AgeRefresh = TimeSpan.FromMinutes(1);

    [Inject] IReviewService Review { get; set; } = default!;
    [Inject] IConceptService Concepts { get; set; } = default!;
    [Inject] IExperimentService Experiments { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ISnackbar Snackbar { get; set; } = default!;
    [Inject] TimeProvider Clock { get; set; } = default!;

    /// <summary>age (oldest first, the default) or effect (largest |Cliff's δ| first).</summary>
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    /// <summary>The selected finding; absent selects the first of the queue.</summary>
    [SupplyParameterFromQuery(Name = "id")] public string? Id { get; set; }

    FindingQueueState? _queue;
    string? _sortProblem, _selectionProblem, _error, _reasonProblem, _announcement, _notice;
    bool _showHelp, _busy, _disposed, _reveal;
    // Reasons being written, per finding, so moving through the queue never sends one finding's reason for another.
    readonly Dictionary<string, string?> _drafts = [];
    FindingSubjects _subjects = default!;
    MudTextField<string>? _reasonField;
    DocumentShortcuts? _shortcuts;
    ITimer? _ages;

    DateTime Now => Clock.GetUtcNow().UtcDateTime;

    FindingDocument? Selected => _queue?.Selected;

    string? Reason => Selected is { } finding ? _drafts.GetValueOrDefault(finding.Id) : null;

    protected override void OnInitialized() => _subjects = new(Concepts, Experiments);

    protected override async Task OnParametersSetAsync()
    {
        var parsed = FindingQueueOrder.Parse(Sort);
        _sortProblem = parsed is null ? $"There is no sort '{Sort}'; showing the oldest first. Sorts are age and effect." : null;
        var sort = parsed ?? FindingQueueOrder.Default;
        if (_queue is null)
        {
            var result = await Review.FindingsAsync(FindingReview.ToQuery(FindingStatus.Open));
            if (!result.Succeeded)
            {
                _error = $"The open findings could not be loaded: {result.Message}";
                return;
            }
            await _subjects.LoadAsync(result.Value!);
            _queue = new FindingQueueState(result.Value!, sort);
        }
        else _queue.Reorder(sort);
        var found = _queue.Select(Id);
        _selectionProblem = Id is not null && !found && _queue.Items.Count > 0
            ? $"Finding '{Id}' is not open in this workspace any more; showing the first of the queue."
            : null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender) _ages = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, AgeRefresh, AgeRefresh);
        if (_reveal && _shortcuts is not null)
        {
            _reveal = false;
            await _shortcuts.RevealAsync(SelectedRow);
        }
    }

    /// <summary>A shortcut key pressed anywhere on the page outside a field (see <see cref="ReviewShortcuts"/>).</summary>
    public async Task OnShortcutAsync(string key)
    {
        switch (ReviewShortcuts.ActionOf(key))
        {
            case ReviewAction.Next: Step(+1); break;
            case ReviewAction.Previous: Step(-1); break;
            case ReviewAction.Confirm: await VerdictAsync(FindingStatus.Confirmed); break;
            case ReviewAction.Dismiss: await VerdictAsync(FindingStatus.Dismissed); break;
            case ReviewAction.Open when Selected is { } finding: Navigation.NavigateTo($"findings/{finding.Id}"); return;
            case ReviewAction.Reason: await FocusReasonAsync(); break;
            case ReviewAction.Help: _showHelp = !_showHelp; break;
            default: return;
        }
        StateHasChanged();
    }

    void Step(int step)
    {
        if (_queue is null) return;
        if (!_queue.Step(step))
        {
            Announce(step > 0 ? "This is the last finding of the queue." : "This is the first finding of the queue.");
            return;
        }
        // The row the key landed on may lie past the window's edge.
        _reveal = true;
        SelectionMoved();
    }

    void Select(FindingDocument finding)
    {
        _queue!.Select(finding.Id);
        SelectionMoved();
    }

    // Says where the reviewer landed and keeps the address in step.
    void SelectionMoved()
    {
        (_reasonProblem, _selectionProblem, _notice) = (null, null, null);
        if (Selected is { } finding) Announce($"Finding {_queue!.Position} of {_queue.Items.Count}: {finding.Title}.");
        KeepAddress();
    }

    void KeepAddress() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("id", Selected?.Id), replace: true);

    void ChooseSort(string value) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("sort", value));

    void SetReason(string? value)
    {
        if (Selected is not { } finding) return;
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
        if (Selected is not { } finding || _busy) return;
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
        (_reasonProblem, _notice) = (null, null);
        // A change from elsewhere may have taken it off the queue while the verdict was on its way.
        if (_queue!.Remove(finding.Id) is not { WasSelected: true }) return;
        KeepAddress();
        var done = $"{(target == FindingStatus.Confirmed ? "Confirmed" : "Dismissed")} “{finding.Title}”. "
            + (Selected is { } next ? $"Next: {next.Title}." : "The queue is empty.");
        Snackbar.Add(done, Severity.Success);
        Announce(done);
    }

    // Raised or reopened elsewhere: the finding joins; reviewed or deleted elsewhere: it leaves, and if it was the
    // selected one the reviewer learns who took it. A comment leaves it queued, with its new history.
    async Task ApplyAsync(FindingChange change)
    {
        if (_queue is null || _disposed) return;
        var current = change.Change == FindingChanges.Deleted ? null : await Review.FindingAsync(change.FindingId);
        if (current is { Status: FindingStatus.Open })
        {
            await _subjects.LoadAsync([current]);
            if (_queue.Put(current)) Announce($"“{current.Title}” joined the queue.");
        }
        else if (_queue.Remove(change.FindingId) is { } removal)
        {
            var who = $"{change.By ?? "Someone"} {(current?.Status is { } status ? FindingReview.ToQuery(status) : "deleted")}";
            if (removal.WasSelected)
            {
                KeepAddress();
                _reasonProblem = null;
                _notice = $"{who} this finding (“{removal.Finding.Title}”). " + (Selected is { } next ? $"Now showing “{next.Title}”." : "The queue is empty.");
                Snackbar.Add(_notice, Severity.Info);
                Announce(_notice);
            }
            else Announce($"{who} “{removal.Finding.Title}”; it left the queue.");
        }
    }

    void Announce(string text) => _announcement = text;

    public void Dispose()
    {
        _disposed = true;
        _ages?.Dispose();
    }
}
