using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Admin.Users;

/// <summary>
/// The memberships and direct grants that were held when the edit page was shown and have ended since. The page
/// posts the complete set it showed, so without this a membership that ran out while the page was open would come
/// back, for good, with the save.
/// </summary>
internal static class EndedWhileShown
{
    public static async Task<(List<int> GroupIds, List<int> PermissionIds)> FindAsync(
        PermissionsDbContext db, int userId, DateTime shownAt, DateTime now)
    {
        // Ended rows stay in the table, hidden by the context's filters, until the membership or grant is given again.
        var groups = await db.UserRoles.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && m.ExpiresAt > shownAt && m.ExpiresAt <= now).Select(m => m.RoleId).ToListAsync();
        var permissions = await db.UserPermissions.IgnoreQueryFilters()
            .Where(g => g.UserId == userId && g.ExpiresAt > shownAt && g.ExpiresAt <= now).Select(g => g.PermissionId).ToListAsync();
        return (groups, permissions);
    }
}
