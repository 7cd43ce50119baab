using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Groups;

/// <summary>
/// Applies the configured groups (<see cref="PermissionsAdminOptions.Groups"/>): creates missing groups and adds
/// missing grants; never removes anything. An unknown permission name stops startup. Each configured name is bound
/// to its group (<see cref="PermissionsGroup.ConfiguredName"/>) when it creates it, or when it first finds a group of
/// that name not yet bound; from then on the binding, not the name, says which group the configuration fills, so a
/// renamed group keeps its configuration. Every change is audited as made by "groups as code: PermissionsAdmin:Groups:NAME".
/// </summary>
internal sealed class GroupsAsCode(
    PermissionsDbContext db,
    GroupAdministration groups,
    RoleManager<PermissionsGroup> roles,
    PermissionCatalogue catalogue,
    ActorAccessor actors,
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
                    $"Configuration {GroupAdministration.ConfigurationKey(group)} names unknown permission '{unknown}'. " +
                    "Run 'permissions list' to see the catalogue.");
            }
        }
        var changes = new List<string>();
        foreach (var (name, names) in declared)
        {
            var key = GroupAdministration.ConfigurationKey(name);
            using var actor = actors.ActAs(Actor.System("startup", $"groups as code: {key}"));
            var normalized = roles.NormalizeKey(name);
            var group = await db.Roles.SingleOrDefaultAsync(g => g.ConfiguredName == normalized);
            if (group is null)
            {
                // Identity's lookup: group names are unique case-insensitively, so "moderators" is the "Moderators" group.
                group = await roles.FindByNameAsync(name);
                if (group is null)
                {
                    await groups.CreateConfiguredAsync(name, names);
                    changes.Add($"created group {name} with {names.Count} permission(s)");
                    continue;
                }
                if (group.ConfiguredName is not null)
                {
                    throw new InvalidOperationException(
                        $"Configuration {key} declares the group '{group.Name}', but that group is the one configured as " +
                        $"'{group.ConfiguredName}'. Rename that group, or the group in the configuration.");
                }
                await groups.BindAsync(group, name);
                changes.Add($"bound the existing group {group.Name} to {key}");
            }
            var held = await db.GroupPermissions.Where(g => g.GroupId == group.Id)
                .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync();
            var missing = names.Except(held).ToList();
            if (missing.Count == 0) continue;
            await groups.GrantAsync(group, missing);
            changes.Add($"granted {string.Join(", ", missing)} to group {group.Name}");
        }
        return changes;
    }
}
