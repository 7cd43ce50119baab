using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Everything an administration command can change, as sorted lines: users and their flags, groups, memberships and
/// direct grants with their ends, group grants, the catalogue and the audit trail. Two equal snapshots mean nothing
/// changed in between.
/// </summary>
internal static class AccountsSnapshot
{
    public static Task<List<string>> TakeAsync(TestDatabase db) => TestSite.QueryAsync(db, async context =>
    {
        var users = await context.Users.AsNoTracking().ToListAsync();
        var groups = await context.Roles.AsNoTracking().ToListAsync();
        var memberships = await context.UserRoles.AsNoTracking().ToListAsync();
        var permissions = await context.Permissions.AsNoTracking().Include(p => p.ContentType).ToListAsync();
        var userGrants = await context.UserPermissions.AsNoTracking().ToListAsync();
        var groupGrants = await context.GroupPermissions.AsNoTracking().ToListAsync();
        var audit = await context.AuditEntries.AsNoTracking().ToListAsync();

        string UserName(int id) => users.Single(u => u.Id == id).UserName!;
        string GroupName(int id) => groups.Single(g => g.Id == id).Name!;
        string PermissionName(int id) => permissions.Single(p => p.Id == id).ToString();

        return users.Select(u => $"user {u.UserName} email={u.Email} active={u.IsActive} staff={u.IsStaff} " +
                $"superuser={u.IsSuperuser} password={u.PasswordHash is not null}")
            .Concat(groups.Select(g => $"group {g.Name}"))
            .Concat(memberships.Select(m => $"member {GroupName(m.RoleId)} {UserName(m.UserId)}{Until(m.ExpiresAt)}"))
            .Concat(userGrants.Select(g => $"user grant {UserName(g.UserId)} {PermissionName(g.PermissionId)}{Until(g.ExpiresAt)}"))
            .Concat(groupGrants.Select(g => $"group grant {GroupName(g.GroupId)} {PermissionName(g.PermissionId)}"))
            .Concat(permissions.Select(p => $"permission {p} {p.Name}"))
            .Concat(audit.Select(e => $"audit {e.Id} {e.Channel} {e.Action} {e.ObjectType} {e.ObjectRepr} {e.Changes}"))
            .Order(StringComparer.Ordinal).ToList();
    });

    private static string Until(DateTime? end) => end is { } at ? $" until {at:O}" : "";
}
