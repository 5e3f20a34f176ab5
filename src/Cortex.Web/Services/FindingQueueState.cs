using Cortex.Web.Contracts;

namespace Cortex.Web.Services;

/// <summary>
/// The reviewers' queue as a page holds it: the open findings in the chosen order and the selected one. When a
/// finding leaves, the selection passes to the one that takes its place, so a reviewer moves on without a key.
/// </summary>
public sealed class FindingQueueState(IEnumerable<FindingDocument> open, FindingQueueSort sort)
{
    List<FindingDocument> _items = FindingQueueOrder.Order(open, sort);

    /// <summary>A finding taken off the queue, and whether it was the selected one.</summary>
    public sealed record Removal(FindingDocument Finding, bool WasSelected);

    public FindingQueueSort Sort { get; private set; } = sort;

    public IReadOnlyList<FindingDocument> Items => _items;

    public FindingDocument? Selected { get; private set; }

    /// <summary>The selected finding's place in the queue, from 1; 0 when none is selected.</summary>
    public int Position => Selected is null ? 0 : _items.IndexOf(Selected) + 1;

    public void Reorder(FindingQueueSort sort) => (Sort, _items) = (sort, FindingQueueOrder.Order(_items, sort));

    /// <summary>Selects the finding <paramref name="id"/> names; when it is not queued, the first (and false).</summary>
    public bool Select(string? id)
    {
        Selected = _items.Find(f => f.Id == id);
        var found = Selected is not null;
        Selected ??= _items.FirstOrDefault();
        return found;
    }

    /// <summary>Moves the selection <paramref name="step"/> places, stopping at either end; false when it did not move.</summary>
    public bool Step(int step)
    {
        if (_items.Count == 0) return false;
        var index = Selected is null ? -1 : _items.IndexOf(Selected);
        var target = Math.Clamp(index + step, 0, _items.Count - 1);
        if (target == index) return false;
        Selected = _items[target];
        return true;
    }

    /// <summary>Queues a finding that is open, in its place by the sort, or updates the queued copy; true when it joined. An empty queue selects it.</summary>
    public bool Put(FindingDocument finding)
    {
        var index = _items.FindIndex(f => f.Id == finding.Id);
        if (index >= 0)
        {
            _items[index] = finding;
            if (Selected?.Id == finding.Id) Selected = finding;
            return false;
        }
        _items = FindingQueueOrder.Order([.. _items, finding], Sort);
        Selected ??= finding;
        return true;
    }

    /// <summary>Takes the finding <paramref name="id"/> off the queue; a selected one hands the selection to the one in its place (else the new last). Null when it was not queued.</summary>
    public Removal? Remove(string id)
    {
        var index = _items.FindIndex(f => f.Id == id);
        if (index < 0) return null;
        var finding = _items[index];
        _items.RemoveAt(index);
        var wasSelected = Selected?.Id == id;
        if (wasSelected) Selected = _items.Count == 0 ? null : _items[Math.Min(index, _items.Count - 1)];
        return new Removal(finding, wasSelected);
    }
}
