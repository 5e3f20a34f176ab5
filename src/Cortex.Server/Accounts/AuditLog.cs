using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>Writes the audit trail: who created, started, cancelled, annotated, confirmed or dismissed what, and when.</summary>
public sealed class AuditLog(CortexDatabase database, TimeProvider clock)
{
    long _sequence;

    public void Record(string actor, string action, string targetKind, string targetId, string detail = "")
    {
        var at = clock.GetUtcNow().UtcDateTime;
        database.Audit.Insert(new AuditDocument
        {
            // LiteDB keeps times to the millisecond; the id orders lines written within one (ticks, then this process's count).
            Id = $"{at.Ticks:x16}{Interlocked.Increment(ref _sequence):x8}", At = at, Actor = actor, Action = action, TargetKind = targetKind, TargetId = targetId, Detail = detail,
        });
    }

    public IReadOnlyList<AuditEntry> For(string targetId) =>
        [.. database.Audit.Find(a => a.TargetId == targetId).OrderByDescending(a => a.Id, StringComparer.Ordinal).Select(a => new AuditEntry(a.At, a.Actor, a.Action, a.TargetKind, a.TargetId, a.Detail))];
}
