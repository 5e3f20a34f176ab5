using Cortex.Server.Storage;
using Cortex.Web.Services;

namespace Cortex.Server.Accounts;

/// <summary>Writes the audit trail: who created, started, cancelled, annotated, confirmed or dismissed what, and when.</summary>
public sealed class AuditLog(CortexDatabase database, TimeProvider clock)
{
    public void Record(string actor, string action, string targetKind, string targetId, string detail = "") =>
        database.Audit.Insert(new AuditDocument
        {
            Id = Ids.New(), At = clock.GetUtcNow().UtcDateTime, Actor = actor, Action = action, TargetKind = targetKind, TargetId = targetId, Detail = detail,
        });

    public IReadOnlyList<AuditEntry> For(string targetId) =>
        [.. database.Audit.Find(a => a.TargetId == targetId).OrderByDescending(a => a.At).Select(a => new AuditEntry(a.At, a.Actor, a.Action, a.TargetKind, a.TargetId, a.Detail))];
}
