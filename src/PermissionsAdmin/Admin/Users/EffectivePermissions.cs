using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Admin.Users;

/// <summary>
/// Everything a user holds through stored grants, with where each comes from: the edit page's panel and the API's
/// effective permissions answer from this one query. A superuser's implied permissions are not listed.
/// </summary>
public static class EffectivePermissions
{
    /// <param name="directPermissionIds">The user's direct grants when the caller has read them already, else read here.</param>
    public static async Task<IReadOnlyList<EffectivePermission>> OfUserAsync(
        PermissionsDbContext db, PermissionChoices choices, int userId, IEnumerable<int>? directPermissionIds = null)
    {
        var direct = (directPermissionIds ?? await db.UserPermissions.Where(g => g.UserId == userId).Select(g => g.PermissionId).ToListAsync()).ToHashSet();
        var viaGroups = await db.GroupPermissions
            .Where(g => db.UserRoles.Any(m => m.UserId == userId && m.RoleId == g.GroupId))
            .Select(g => new { g.PermissionId, GroupName = g.Group.Name! })
            .ToListAsync();
        var byPermission = viaGroups.ToLookup(g => g.PermissionId, g => g.GroupName);
        return (await choices.AllAsync())
            .Where(p => direct.Contains(p.Id) || byPermission.Contains(p.Id))
            .Select(p => new EffectivePermission(p.FullName, p.Label, direct.Contains(p.Id),
                byPermission[p.Id].Order(StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
    }
}
