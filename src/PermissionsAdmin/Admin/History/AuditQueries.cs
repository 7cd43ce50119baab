using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Admin.Objects;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Queries;
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
        return await PageAsync(db, entries, page, pageSize, links: null);
    }

    /// <summary>
    /// A page of <paramref name="entries"/>; with <paramref name="links"/>, each entry links to its object while that
    /// still exists: users and groups to their pages, registered entities to theirs, other objects to their object
    /// permissions page.
    /// </summary>
    public static async Task<(IReadOnlyList<HistoryRow> Rows, bool HasNext)> PageAsync(
        PermissionsDbContext db, IQueryable<AuditEntry> entries, int page, int pageSize, (PermissionCatalogue Catalogue, AdminEntities Entities, IUrlHelper Url)? links)
    {
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize + 1).ToListAsync();
        var hasNext = rows.Count > pageSize;
        if (hasNext) rows.RemoveAt(pageSize);
        var urls = links is var (catalogue, entities, url) ? await ExistingObjectUrlsAsync(db, catalogue, entities, url, rows) : [];
        return (rows.Select(e => new HistoryRow(e, AuditText.Describe(e), urls.GetValueOrDefault((e.ObjectType, e.ObjectId)))).ToList(), hasNext);
    }

    /// <summary>The links to the entries' objects that still exist: one query per type of object on the page.</summary>
    private static async Task<Dictionary<(string, string), string>> ExistingObjectUrlsAsync(
        PermissionsDbContext db, PermissionCatalogue catalogue, AdminEntities entities, IUrlHelper links, List<AuditEntry> rows)
    {
        static List<int> Ids(IEnumerable<AuditEntry> rows) => rows
            .Select(e => int.TryParse(e.ObjectId, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>().Distinct().ToList();
        var urls = new Dictionary<(string, string), string>();
        foreach (var byType in rows.GroupBy(e => e.ObjectType, StringComparer.Ordinal))
        {
            var ids = Ids(byType);
            if (ids.Count == 0) continue;
            IEnumerable<int> existing;
            Func<int, string> url;
            if (byType.Key == UserAdministration.ObjectType)
            {
                existing = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync();
                url = links.AdminUser;
            }
            else if (byType.Key == GroupAdministration.ObjectType)
            {
                existing = await db.Roles.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync();
                url = links.AdminGroup;
            }
            else if (ObjectTypes.Find(catalogue, db, byType.Key) is { Permissions.Count: > 0 } type)
            {
                existing = await ObjectTypes.ExistingIdsAsync(db, type, ids);
                url = entities.Find(type.ClrType) is { } entity ? id => links.AdminChange(entity, id) : id => links.AdminObject(type, id);
            }
            else
            {
                continue;
            }
            foreach (var id in existing) urls[(byType.Key, id.ToString(CultureInfo.InvariantCulture))] = url(id);
        }
        return urls;
    }
}
