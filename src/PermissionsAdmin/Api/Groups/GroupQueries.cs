using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Api.Groups;

/// <summary>The reads behind the groups endpoints; the admin's search, keyset pages in id order.</summary>
internal static class GroupQueries
{
    /// <summary>
    /// One page of the groups matching <paramref name="q"/> after <paramref name="afterId"/>, with the admin list's
    /// counts for the page's groups only: nothing counts the table.
    /// </summary>
    public static async Task<Page<GroupSummary>> PageAsync(
        PermissionsDbContext db, SubstringSearch search, string? q, int? afterId, int limit, CancellationToken cancellationToken)
    {
        var groups = await GroupSearch.FilterAsync(db, search, q, cancellationToken);
        if (afterId is { } after) groups = groups.Where(g => g.Id > after);
        var found = await groups.OrderBy(g => g.Id).Take(limit + 1).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken);
        var ids = found.Select(g => g.Id).ToList();
        var members = await db.UserRoles.Where(m => ids.Contains(m.RoleId)).GroupBy(m => m.RoleId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var permissions = await db.GroupPermissions.Where(p => ids.Contains(p.GroupId)).GroupBy(p => p.GroupId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var rows = found.Select(g => new GroupSummary(g.Id, g.Name!, members.GetValueOrDefault(g.Id), permissions.GetValueOrDefault(g.Id))).ToList();
        return Cursor.PageOf(rows, limit, g => g.Id);
    }

    public static async Task<GroupResponse> ResponseAsync(PermissionsDbContext db, PermissionsGroup group) => new(
        group.Id, group.Name!, (await PermissionsOfAsync(db, group.Id)).Permissions, await db.UserRoles.CountAsync(m => m.RoleId == group.Id));

    public static async Task<GroupPermissions> PermissionsOfAsync(PermissionsDbContext db, int groupId) => new(
        (await db.GroupPermissions.Where(g => g.GroupId == groupId)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync())
        .Order(StringComparer.Ordinal).ToList());

    public static async Task<Page<GroupMember>> MembersAsync(PermissionsDbContext db, int groupId, int? afterId, int limit)
    {
        var members = db.Users.AsNoTracking().Where(u => db.UserRoles.Any(m => m.UserId == u.Id && m.RoleId == groupId));
        if (afterId is { } after) members = members.Where(u => u.Id > after);
        // The membership's end read for the page's rows only: the walk in user id order stays as it was.
        var rows = await members.OrderBy(u => u.Id).Take(limit + 1)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.Email,
                u.IsActive,
                ExpiresAt = db.UserRoles.Where(m => m.UserId == u.Id && m.RoleId == groupId).Select(m => m.ExpiresAt).FirstOrDefault(),
            }).ToListAsync();
        return Cursor.PageOf(rows.Select(u => new GroupMember(u.Id, u.UserName!, u.Email, u.IsActive, StoredTimes.Utc(u.ExpiresAt))).ToList(),
            limit, m => m.Id);
    }
}
