using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Api.Users;

/// <summary>The reads behind the users endpoints; the admin's own queries where it has one.</summary>
internal static class UserQueries
{
    /// <summary>
    /// One page of the admin list's search and filters in id order, after <paramref name="afterId"/>: one row more
    /// than asked tells whether another page follows, and nothing counts the table. <paramref name="now"/>: what
    /// lockouts are compared with.
    /// </summary>
    public static async Task<Page<UserResponse>> PageAsync(
        PermissionsDbContext db, SubstringSearch search, UserListQuery query, int? afterId, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var users = await UserSearch.FilterAsync(db, search, query, cancellationToken: cancellationToken);
        if (afterId is { } after) users = users.Where(u => u.Id > after);
        var rows = await users.OrderBy(u => u.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return Cursor.PageOf(rows.Select(u => UserResponse.From(u, now)).ToList(), limit, u => u.Id);
    }

    public static async Task<UserGroups> GroupsOfAsync(PermissionsDbContext db, int userId) => new(
        (await db.UserRoles.Where(m => m.UserId == userId).Join(db.Roles, m => m.RoleId, r => r.Id, (m, r) => new { r.Id, r.Name, m.ExpiresAt })
            .OrderBy(g => g.Name).ToListAsync())
        .Select(g => new UserGroup(g.Id, g.Name!, StoredTimes.Utc(g.ExpiresAt))).ToList());

    public static async Task<UserPermissions> DirectPermissionsOfAsync(PermissionsDbContext db, int userId)
    {
        var grants = (await db.UserPermissions.Where(g => g.UserId == userId)
                .Select(g => new { Name = g.Permission.ContentType.AppLabel + "." + g.Permission.Codename, g.ExpiresAt }).ToListAsync())
            .OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => new DirectGrant(g.Name, StoredTimes.Utc(g.ExpiresAt))).ToList();
        return new(grants.Select(g => g.Permission).ToList(), grants);
    }
}
