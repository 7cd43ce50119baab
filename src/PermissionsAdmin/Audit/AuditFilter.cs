using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Audit;

/// <summary>
/// The filters of the audit log, shared by the admin's history page and the API: who (actor name), which object
/// (type, id), what action, through which door (channel), and when (<see cref="Since"/> inclusive,
/// <see cref="Until"/> exclusive, UTC). Empty filters are left out.
/// </summary>
internal sealed record AuditFilter(
    string? Actor = null,
    string? ObjectType = null,
    string? ObjectId = null,
    AuditAction? Action = null,
    string? Channel = null,
    DateTime? Since = null,
    DateTime? Until = null)
{
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        // No entry names anything with a control character (every name refuses them), and PostgreSQL cannot even
        // compare text holding a NUL: such a filter matches nothing.
        if (new[] { Actor, ObjectType, ObjectId, Channel }.Any(value => PlainText.HasControlCharacters(value))) return entries.Where(_ => false);
        if (Given(Actor) is { } actor) entries = entries.Where(e => e.ActorName == actor);
        if (Given(ObjectType) is { } type) entries = entries.Where(e => e.ObjectType == type);
        if (Given(ObjectId) is { } id) entries = entries.Where(e => e.ObjectId == id);
        if (Action is { } action) entries = entries.Where(e => e.Action == action);
        if (Given(Channel) is { } channel) entries = entries.Where(e => e.Channel == channel);
        if (Since is { } since) entries = entries.Where(e => e.At >= since);
        if (Until is { } until) entries = entries.Where(e => e.At < until);
        return entries;
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
