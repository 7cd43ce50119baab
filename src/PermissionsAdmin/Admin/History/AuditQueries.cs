using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin;

/// <summary>Pages of audit entries, newest first, one extra row fetched to know whether another page follows.</summary>
internal static class AuditQueries
{
    public static async Task<(IReadOnlyList<HistoryRow> Rows, bool HasNext)> ObjectPageAsync(
        PermissionsDbContext db, string objectType, int objectId, int page, int pageSize)
    {
        var id = objectId.ToString(CultureInfo.InvariantCulture);
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.ObjectType == objectType && e.ObjectId == id);
        return await PageAsync(db, entries, page, pageSize, links: false);
    }

    public static async Task<(IReadOnlyList<HistoryRow> Rows, bool HasNext)> PageAsync(
        PermissionsDbContext db, IQueryable<AuditEntry> entries, int page, int pageSize, bool links)
    {
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize + 1).ToListAsync();
        var hasNext = rows.Count > pageSize;
        if (hasNext) rows.RemoveAt(pageSize);
        var existing = links ? await ExistingObjectsAsync(db, rows) : [];
        return (rows.Select(e => new HistoryRow(e, AuditText.Describe(e),
            existing.Contains((e.ObjectType, e.ObjectId)) ? ObjectUrl(e.ObjectType, e.ObjectId) : null)).ToList(), hasNext);
    }

    public static string? ObjectUrl(string objectType, string objectId) => objectType switch
    {
        UserAdministration.ObjectType => $"/admin/users/{objectId}",
        GroupAdministration.ObjectType => $"/admin/groups/{objectId}",
        _ => null,
    };

    /// <summary>Which of the entries' users and groups still exist: two queries for the whole page.</summary>
    private static async Task<HashSet<(string, string)>> ExistingObjectsAsync(PermissionsDbContext db, List<AuditEntry> rows)
    {
        static List<int> Ids(IEnumerable<AuditEntry> rows, string type) => rows.Where(e => e.ObjectType == type)
            .Select(e => int.TryParse(e.ObjectId, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>().Distinct().ToList();
        var userIds = Ids(rows, UserAdministration.ObjectType);
        var groupIds = Ids(rows, GroupAdministration.ObjectType);
        var existing = new HashSet<(string, string)>();
        if (userIds.Count > 0)
        {
            foreach (var id in await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.Id).ToListAsync())
            {
                existing.Add((UserAdministration.ObjectType, id.ToString(CultureInfo.InvariantCulture)));
            }
        }
        if (groupIds.Count > 0)
        {
            foreach (var id in await db.Roles.Where(r => groupIds.Contains(r.Id)).Select(r => r.Id).ToListAsync())
            {
                existing.Add((GroupAdministration.ObjectType, id.ToString(CultureInfo.InvariantCulture)));
            }
        }
        return existing;
    }
}
