using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;


namespace PermissionsAdmin.Admin;

/// <summary>An audit entry with its changes in words, and a link to its object while that still exists.</summary>
internal sealed record HistoryRow(AuditEntry Entry, IReadOnlyList<string> Lines, string? ObjectUrl);

/// <summary>
/// The history of one user, group or other object. <paramref name="ListCrumb"/> is the breadcrumb step before the
/// object (the users or groups list; none for other objects), <paramref name="Section"/> the admin section it belongs to.
/// </summary>
internal sealed record ObjectHistoryPage(
    string ObjectKind, int ObjectId, string ObjectName, string ObjectUrl, IReadOnlyList<HistoryRow> Entries, int Page, bool HasNext,
    Crumb? ListCrumb = null, string? Section = null);

/// <summary>The global log's filters, from the query string.</summary>
public sealed class HistoryQuery
{
    public string? Actor { get; set; }
    public string? Type { get; set; }

    /// <summary>The object's id (with <see cref="Type"/>: one object's history).</summary>
    public string? Id { get; set; }
    public AuditAction? Action { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int Page { get; set; } = 1;
}

internal sealed record HistoryPage(HistoryQuery Query, IReadOnlyList<HistoryRow> Entries, bool HasNext, IReadOnlyList<string> ObjectTypes);
