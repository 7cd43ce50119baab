using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Queries;

/// <summary>The groups list's search, shared by the admin and the API: every word somewhere in the name (<see cref="SubstringSearch"/>).</summary>
internal static class GroupSearch
{
    public static Task<IQueryable<PermissionsGroup>> FilterAsync(
        PermissionsDbContext db, SubstringSearch search, string? q, CancellationToken cancellationToken = default) =>
        search.WhereAsync(db, db.Roles.AsNoTracking(),
            [db.Model.FindEntityType(typeof(PermissionsGroup))!.FindProperty(nameof(PermissionsGroup.Name))!], q, cancellationToken: cancellationToken);
}
