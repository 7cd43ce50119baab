using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Data;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Groups;

/// <summary>
/// Applies the configured groups (<see cref="PermissionsAdminOptions.Groups"/>): creates missing groups and adds
/// missing grants; never removes anything. An unknown permission name stops startup.
/// </summary>
public sealed class GroupsAsCode(
    PermissionsDbContext db,
    GroupAdministration groups,
    RoleManager<PermissionsGroup> roles,
    PermissionCatalogue catalogue,
    IOptions<PermissionsAdminOptions> options)
{
    /// <summary>Returns one line per change made.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync()
    {
        var declared = options.Value.Groups;
        foreach (var (group, names) in declared)
        {
            var unknown = names.FirstOrDefault(n => !catalogue.Contains(n));
            if (unknown is not null)
            {
                throw new InvalidOperationException(
                    $"Configuration {PermissionsAdminOptions.SectionName}:Groups:{group} names unknown permission '{unknown}'. " +
                    "Run 'permissions list' to see the catalogue.");
            }
        }
        var changes = new List<string>();
        foreach (var (name, names) in declared)
        {
            // Identity's lookup: group names are unique case-insensitively, so "moderators" is the "Moderators" group.
            var group = await roles.FindByNameAsync(name);
            if (group is null)
            {
                await groups.CreateAsync(name, names);
                changes.Add($"created group {name} with {names.Count} permission(s)");
                continue;
            }
            var held = await db.GroupPermissions.Where(g => g.GroupId == group.Id)
                .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync();
            var missing = names.Except(held).ToList();
            if (missing.Count == 0) continue;
            await groups.GrantAsync(group, missing);
            changes.Add($"granted {string.Join(", ", missing)} to group {name}");
        }
        return changes;
    }
}
