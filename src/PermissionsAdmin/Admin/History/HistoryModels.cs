using PermissionsAdmin.Audit;

namespace PermissionsAdmin.Admin;

/// <summary>An audit entry with its changes in words, and a link to its object while that still exists.</summary>
public sealed record HistoryRow(AuditEntry Entry, IReadOnlyList<string> Lines, string? ObjectUrl);

/// <summary>The history of one user or group.</summary>
public sealed record ObjectHistoryPage(
    string ObjectKind, int ObjectId, string ObjectName, string ObjectUrl, IReadOnlyList<HistoryRow> Entries, int Page, bool HasNext);

/// <summary>The global log's filters, from the query string.</summary>
public sealed class HistoryQuery
{
    public string? Actor { get; set; }
    public string? Type { get; set; }
    public AuditAction? Action { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int Page { get; set; } = 1;
}

public sealed record HistoryPage(HistoryQuery Query, IReadOnlyList<HistoryRow> Entries, bool HasNext, IReadOnlyList<string> ObjectTypes);
