using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Groups;

/// <summary>Creates groups and changes their grants and members; the one door for the CLI and the admin.</summary>
public sealed class GroupAdministration(
    PermissionsDbContext db,
    RoleManager<PermissionsGroup> groups,
    UserManager<PermissionsUser> users,
    UserAdministration userAdministration,
    PermissionResolver permissions)
{
    public async Task<PermissionsGroup> FindAsync(string name) =>
        await groups.FindByNameAsync(name) ?? throw new AdministrationException($"No group named '{name}'.");

    /// <summary>Creates a group holding the given permissions, all or nothing.</summary>
    public async Task<PermissionsGroup> CreateAsync(string name, IReadOnlyCollection<string> permissionNames)
    {
        var resolved = await permissions.ResolveAsync(permissionNames);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var group = new PermissionsGroup(name);
        UserAdministration.Ensure(await groups.CreateAsync(group));
        foreach (var permission in resolved.DistinctBy(p => p.Id))
        {
            db.GroupPermissions.Add(new GroupPermission { GroupId = group.Id, PermissionId = permission.Id });
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return group;
    }

    /// <summary>Grants permissions to a group; ones it already holds are skipped.</summary>
    public async Task GrantAsync(PermissionsGroup group, IReadOnlyCollection<string> permissionNames)
    {
        var resolved = await permissions.ResolveAsync(permissionNames);
        var ids = resolved.Select(p => p.Id).ToList();
        var held = await db.GroupPermissions.Where(g => g.GroupId == group.Id && ids.Contains(g.PermissionId))
            .Select(g => g.PermissionId).ToListAsync();
        foreach (var id in ids.Except(held))
        {
            db.GroupPermissions.Add(new GroupPermission { GroupId = group.Id, PermissionId = id });
        }
        await db.SaveChangesAsync();
    }

    public async Task RevokeAsync(PermissionsGroup group, string permissionName)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        var grant = await db.GroupPermissions.FirstOrDefaultAsync(g => g.GroupId == group.Id && g.PermissionId == permission.Id);
        if (grant is null) return;
        db.GroupPermissions.Remove(grant);
        await db.SaveChangesAsync();
    }

    public async Task AddMemberAsync(PermissionsGroup group, PermissionsUser user)
    {
        user = await userAdministration.TrackedAsync(user);
        if (await users.IsInRoleAsync(user, group.Name!)) return;
        UserAdministration.Ensure(await users.AddToRoleAsync(user, group.Name!));
    }

    public async Task RemoveMemberAsync(PermissionsGroup group, PermissionsUser user)
    {
        user = await userAdministration.TrackedAsync(user);
        if (!await users.IsInRoleAsync(user, group.Name!)) return;
        UserAdministration.Ensure(await users.RemoveFromRoleAsync(user, group.Name!));
    }
}
