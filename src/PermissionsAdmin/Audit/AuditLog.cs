using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Audit;

/// <summary>Adds audit entries to the unit of work, so they commit or roll back with the change they describe.</summary>
public sealed class AuditLog(PermissionsDbContext db, ActorAccessor actors, TimeProvider clock)
{
    public void Record(string objectType, object objectId, string objectRepr, AuditAction action, AuditChanges? changes = null)
    {
        if (action == AuditAction.Changed && (changes is null || changes.IsEmpty)) return;
        var actor = actors.Current;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Channel = actor.Channel,
            ObjectType = objectType,
            ObjectId = objectId.ToString()!,
            ObjectRepr = objectRepr.Length > AuditEntry.MaxReprLength ? objectRepr[..AuditEntry.MaxReprLength] : objectRepr,
            Action = action,
            Changes = (changes ?? new AuditChanges()).ToJson(),
        });
    }
}
