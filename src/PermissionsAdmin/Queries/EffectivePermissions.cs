using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Queries;

/// <summary>
/// Everything a user holds through stored grants, with where each comes from and until when: the edit page's panel
/// and the API's effective permissions answer from this one query. A superuser's implied permissions are not listed.
/// </summary>
internal static class EffectivePermissions
{
    /// <param name="directGrants">The user's direct grants with their ends when the caller has read them already, else read here.</param>
    public static async Task<IReadOnlyList<EffectivePermission>> OfUserAsync(
        PermissionsDbContext db, PermissionChoices choices, int userId, IReadOnlyDictionary<int, DateTime?>? directGrants = null)
    {
        var direct = directGrants ?? await db.UserPermissions.Where(g => g.UserId == userId)
            .ToDictionaryAsync(g => g.PermissionId, g => g.ExpiresAt);
        // A group's grants are held as long as the membership: its end is theirs.
        var viaGroups = await db.GroupPermissions
            .Join(db.UserRoles.Where(m => m.UserId == userId), g => g.GroupId, m => m.RoleId,
                (g, m) => new { g.PermissionId, GroupName = g.Group.Name!, m.ExpiresAt })
            .ToListAsync();
        var byPermission = viaGroups.ToLookup(g => g.PermissionId);
        return (await choices.AllAsync())
            .Where(p => direct.ContainsKey(p.Id) || byPermission.Contains(p.Id))
            .Select(p => new EffectivePermission(p.FullName, p.Label, direct.ContainsKey(p.Id),
                byPermission[p.Id].Select(g => g.GroupName).Order(StringComparer.OrdinalIgnoreCase).ToList(),
                LastEnd(byPermission[p.Id].Select(g => g.ExpiresAt).Concat(direct.TryGetValue(p.Id, out var end) ? [end] : []))))
            .ToList();
    }

    /// <summary>When the last of a permission's sources ends: never (null) if one of them is for good.</summary>
    private static DateTime? LastEnd(IEnumerable<DateTime?> ends)
    {
        DateTime? last = null;
        foreach (var end in ends)
        {
            if (end is null) return null;
            if (last is null || end > last) last = end;
        }
        return last;
    }
}

/// <summary>
/// One permission the user holds and why; <paramref name="ExpiresAt"/> (UTC) is when the last of its grants and
/// memberships ends, null when one of them is for good.
/// </summary>
internal sealed record EffectivePermission(string FullName, string Label, bool Direct, IReadOnlyList<string> ViaGroups, DateTime? ExpiresAt);
