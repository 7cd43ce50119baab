using Microsoft.AspNetCore.Mvc;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Api.Audit;

/// <summary>The filters of GET /audit; with objectType and objectId, one object's history.</summary>
internal sealed class AuditLogQuery
{
    /// <summary>The object's type as <c>app.model</c>: <c>auth.user</c>, <c>auth.group</c>, <c>auth.permission</c>, <c>blog.post</c>…</summary>
    [FromQuery(Name = "objectType")]
    public string? ObjectType { get; init; }

    [FromQuery(Name = "objectId")]
    public string? ObjectId { get; init; }

    /// <summary>The acting user's name at the time (<c>system</c> for the CLI and startup).</summary>
    [FromQuery(Name = "actor")]
    public string? Actor { get; init; }

    [FromQuery(Name = "action")]
    public AuditAction? Action { get; init; }

    /// <summary>The door a change came in by: <c>admin</c>, <c>api</c>, <c>cli</c>, <c>web</c> or <c>system</c>.</summary>
    [FromQuery(Name = "channel")]
    public string? Channel { get; init; }

    /// <summary>Entries at or after this time (ISO 8601).</summary>
    [FromQuery(Name = "since")]
    public DateTimeOffset? Since { get; init; }

    /// <summary>Entries before this time (ISO 8601).</summary>
    [FromQuery(Name = "until")]
    public DateTimeOffset? Until { get; init; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    public AuditFilter ToFilter() => new(Actor, ObjectType, ObjectId, Action, Channel, Since?.UtcDateTime, Until?.UtcDateTime);
}

/// <summary>One audited change.</summary>
/// <param name="Channel">The door it came in by: admin, api, cli, web or system.</param>
/// <param name="ObjectRepr">The object's name when the change was made (it may since be renamed or deleted).</param>
/// <param name="Changes">What changed: fields from/to, permissions, groups, members and object grants added and removed.</param>
/// <param name="Summary">The change in words, as the admin's history shows it.</param>
internal sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset At,
    AuditActor Actor,
    string Channel,
    string ObjectType,
    string ObjectId,
    string ObjectRepr,
    AuditAction Action,
    AuditChanges Changes,
    string Summary)
{
    public static AuditEntryResponse From(AuditEntry entry) => new(
        entry.Id, StoredTimes.Utc(entry.At), new AuditActor(entry.ActorId, entry.ActorName),
        entry.Channel, entry.ObjectType, entry.ObjectId, entry.ObjectRepr, entry.Action, AuditChanges.FromJson(entry.Changes),
        AuditText.Summary(entry));
}

/// <param name="Id">The acting user's id, kept after they are deleted; null for the system (CLI, startup).</param>
/// <param name="Name">The user's name when they made the change.</param>
internal sealed record AuditActor(int? Id, string Name);
