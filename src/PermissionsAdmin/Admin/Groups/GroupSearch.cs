using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Admin.Groups;

/// <summary>The groups list's search, shared by the admin and the API: every word must occur in the name (case-insensitive).</summary>
public static class GroupSearch
{
    public static IQueryable<PermissionsGroup> Filter(PermissionsDbContext db, string? q)
    {
        IQueryable<PermissionsGroup> groups = db.Roles.AsNoTracking();
        if (SubstringSearch.Unmatchable(q)) return groups.Where(_ => false);
        foreach (var word in SubstringSearch.Words(q))
        {
            var upper = word.ToUpperInvariant();
            groups = groups.Where(r => r.NormalizedName!.Contains(upper));
        }
        return groups;
    }
}
