using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Groups;

/// <summary>
/// Every change to groups and memberships: the one door for the admin, the CLI and the API, with the delegation
/// rules, one transaction and an audit entry per change. Groups the configuration manages
/// (<see cref="PermissionsAdminOptions.Groups"/>) and the names it declares are a superuser's to rename, delete or
/// give: otherwise a delegated administrator could rename a configured group away, create another of its name with
/// members of their choosing, and have the configuration grant it permissions they never held.
/// </summary>
public sealed class GroupAdministration(
    PermissionsDbContext db,
    RoleManager<PermissionsGroup> groups,
    UserAdministration userAdministration,
    PermissionResolver permissions,
    DelegationRules rules,
    AuditLog audit,
    IOptions<PermissionsAdminOptions> options)
{
    public const string ObjectType = "auth.group";

    /// <summary>The audit trail's name for the configuration binding of a group.</summary>
    private const string ConfigurationField = "Configuration";

    public async Task<PermissionsGroup> FindAsync(string name) =>
        await groups.FindByNameAsync(name) ?? throw new AdministrationException($"No group named '{name}'.");

    public async Task<PermissionsGroup> GetAsync(int groupId) =>
        await db.Roles.FindAsync(groupId) ?? throw new AdministrationNotFoundException($"No group with id {groupId}.");

    /// <summary>Creates a group holding the given permissions, all or nothing.</summary>
    public async Task<PermissionsGroup> CreateAsync(string name, IReadOnlyCollection<string> permissionNames) =>
        await CreateAsync(name, (await permissions.ResolveAsync(permissionNames)).Select(p => p.Id).ToList());

    public Task<PermissionsGroup> CreateAsync(string name, IReadOnlyCollection<int> permissionIds) =>
        CreateAsync(name, permissionIds, configuredAs: null);

    /// <summary>Creates the group <paramref name="declaredName"/> of the configuration, bound to it.</summary>
    internal async Task<PermissionsGroup> CreateConfiguredAsync(string declaredName, IReadOnlyCollection<string> permissionNames) =>
        await CreateAsync(declaredName, (await permissions.ResolveAsync(permissionNames)).Select(p => p.Id).ToList(), declaredName);

    /// <summary>Binds an existing, unbound group to the configuration's <paramref name="declaredName"/>.</summary>
    internal async Task BindAsync(PermissionsGroup group, string declaredName)
    {
        await db.InTransactionAsync(async () =>
        {
            group.ConfiguredName = groups.NormalizeKey(declaredName);
            var changes = new AuditChanges();
            changes.Field(ConfigurationField, null, ConfigurationKey(declaredName));
            audit.Record(ObjectType, group.Id, group.Name!, AuditAction.Changed, changes);
            UserAdministration.Ensure(await groups.UpdateAsync(group));
        });
    }

    private async Task<PermissionsGroup> CreateAsync(string name, IReadOnlyCollection<int> permissionIds, string? configuredAs)
    {
        await rules.RequirePermissionAsync("auth.add_group");
        if (configuredAs is null) await RequireMayTakeNameAsync(name);
        var names = await permissions.NamesAsync(permissionIds);
        await rules.RequireHoldsAsync(names.Values);
        return await db.InTransactionAsync(async () =>
        {
            var group = new PermissionsGroup(name) { ConfiguredName = configuredAs is null ? null : groups.NormalizeKey(configuredAs) };
            UserAdministration.Ensure(await groups.CreateAsync(group));
            foreach (var id in names.Keys) db.GroupPermissions.Add(new GroupPermission { GroupId = group.Id, PermissionId = id });
            var changes = new AuditChanges { PermissionsAdded = AuditChanges.Sorted(names.Values) };
            changes.Field("Name", null, name);
            if (configuredAs is not null) changes.Field(ConfigurationField, null, ConfigurationKey(configuredAs));
            audit.Record(ObjectType, group.Id, name, AuditAction.Added, changes);
            await db.SaveChangesAsync();
            return group;
        });
    }

    /// <summary>
    /// Renames a group and/or sets its complete set of permissions. With <paramref name="expectedConcurrencyStamp"/>,
    /// a group changed by someone else in between is refused with <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public async Task UpdateAsync(int groupId, string? expectedConcurrencyStamp, string? name, IReadOnlyCollection<int>? permissionIds)
    {
        var group = await GetAsync(groupId);
        if (expectedConcurrencyStamp is not null && group.ConcurrencyStamp != expectedConcurrencyStamp) throw Conflict(group);
        await rules.RequirePermissionAsync("auth.change_group");
        var current = await db.GroupPermissions.Where(g => g.GroupId == groupId).Select(g => g.PermissionId).ToListAsync();
        var added = (permissionIds ?? current).Except(current).ToList();
        var removed = permissionIds is null ? [] : current.Except(permissionIds).ToList();
        var names = await permissions.NamesAsync(added.Concat(removed));
        await rules.RequireHoldsAsync(added.Select(id => names[id]));

        var changes = new AuditChanges
        {
            PermissionsAdded = AuditChanges.Sorted(added.Select(id => names[id])),
            PermissionsRemoved = AuditChanges.Sorted(removed.Select(id => names[id])),
        };
        var renamed = name is not null && name != group.Name;
        if (renamed)
        {
            await RequireMayChangeConfiguredAsync(group, "rename");
            await RequireMayTakeNameAsync(name!);
            changes.Field("Name", group.Name, name);
        }
        if (changes.IsEmpty) return;

        await db.InTransactionAsync(async () =>
        {
            foreach (var id in added) db.GroupPermissions.Add(new GroupPermission { GroupId = groupId, PermissionId = id });
            db.GroupPermissions.RemoveRange(
                await db.GroupPermissions.Where(g => g.GroupId == groupId && removed.Contains(g.PermissionId)).ToListAsync());
            if (renamed) group.Name = name;
            audit.Record(ObjectType, groupId, group.Name!, AuditAction.Changed, changes);
            // Always through RoleManager: it validates the name and renews the concurrency stamp even when only
            // the permissions changed, so a concurrent editor's save is refused.
            var result = await groups.UpdateAsync(group);
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))) throw Conflict(group);
            UserAdministration.Ensure(result);
        });
    }

    /// <summary>
    /// Grants permissions to a group; ones it already holds are skipped. With <paramref name="expectedConcurrencyStamp"/>,
    /// a group changed by someone else in between is refused, as in <see cref="UpdateAsync"/>.
    /// </summary>
    public async Task GrantAsync(PermissionsGroup group, IReadOnlyCollection<string> permissionNames, string? expectedConcurrencyStamp = null) =>
        await GrantIdsAsync(group, (await permissions.ResolveAsync(permissionNames)).Select(p => p.Id), expectedConcurrencyStamp);

    public async Task GrantAsync(PermissionsGroup group, string permissionName, string? expectedConcurrencyStamp = null) =>
        await GrantIdsAsync(group, [(await permissions.ResolveAsync(permissionName)).Id], expectedConcurrencyStamp);

    public async Task RevokeAsync(PermissionsGroup group, string permissionName, string? expectedConcurrencyStamp = null)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        var held = await PermissionIdsOfAsync(group.Id);
        await UpdateAsync(group.Id, expectedConcurrencyStamp, null, held.Where(id => id != permission.Id).ToList());
    }

    /// <summary>Sets the group's complete set of permissions by name, as <see cref="UpdateAsync"/> does by id.</summary>
    public async Task SetPermissionsAsync(int groupId, string? expectedConcurrencyStamp, IReadOnlyCollection<string> permissionNames) =>
        await UpdateAsync(groupId, expectedConcurrencyStamp, null,
            (await permissions.ResolveAsync(permissionNames)).Select(p => p.Id).Distinct().ToList());

    /// <summary>
    /// Deletes a group; its grants and memberships go with it, members and permissions stay. With
    /// <paramref name="expectedConcurrencyStamp"/>, a group changed by someone else in between is refused.
    /// </summary>
    public async Task DeleteAsync(int groupId, string? expectedConcurrencyStamp = null)
    {
        var group = await GetAsync(groupId);
        if (expectedConcurrencyStamp is not null && group.ConcurrencyStamp != expectedConcurrencyStamp) throw Conflict(group);
        await rules.RequirePermissionAsync("auth.delete_group");
        await RequireMayChangeConfiguredAsync(group, "delete");
        await db.InTransactionAsync(async () =>
        {
            audit.Record(ObjectType, groupId, group.Name!, AuditAction.Deleted);
            UserAdministration.Ensure(await groups.DeleteAsync(group));
        });
    }

    public Task AddMemberAsync(PermissionsGroup group, PermissionsUser user) => AddMembersAsync(group.Id, [user.Id]);

    public Task RemoveMemberAsync(PermissionsGroup group, PermissionsUser user) => RemoveMembersAsync(group.Id, [user.Id]);

    /// <summary>Adds users to a group (members already in it are skipped), through each user's edit rules.</summary>
    public async Task AddMembersAsync(int groupId, IReadOnlyCollection<int> userIds)
    {
        await GetAsync(groupId);
        await userAdministration.UpdateManyAsync(userIds, async user => new UserEdit
        {
            GroupIds = [.. await GroupIdsOfAsync(user.Id), groupId],
        });
    }

    public async Task RemoveMembersAsync(int groupId, IReadOnlyCollection<int> userIds)
    {
        await GetAsync(groupId);
        await userAdministration.UpdateManyAsync(userIds, async user => new UserEdit
        {
            GroupIds = (await GroupIdsOfAsync(user.Id)).Where(id => id != groupId).ToList(),
        });
    }

    /// <summary>Makes exactly <paramref name="userIds"/> the group's members, all or nothing, through each user's edit rules.</summary>
    public async Task SetMembersAsync(int groupId, IReadOnlyCollection<int> userIds)
    {
        await GetAsync(groupId);
        var current = await db.UserRoles.Where(m => m.RoleId == groupId).Select(m => m.UserId).ToListAsync();
        await db.InTransactionAsync(async () =>
        {
            await RemoveMembersAsync(groupId, current.Except(userIds).ToList());
            await AddMembersAsync(groupId, userIds.Except(current).ToList());
        });
    }

    private async Task GrantIdsAsync(PermissionsGroup group, IEnumerable<int> permissionIds, string? expectedConcurrencyStamp)
    {
        var held = await PermissionIdsOfAsync(group.Id);
        await UpdateAsync(group.Id, expectedConcurrencyStamp, null, held.Union(permissionIds).ToList());
    }

    private Task<List<int>> PermissionIdsOfAsync(int groupId) =>
        db.GroupPermissions.Where(g => g.GroupId == groupId).Select(g => g.PermissionId).ToListAsync();

    private Task<List<int>> GroupIdsOfAsync(int userId) =>
        db.UserRoles.Where(m => m.UserId == userId).Select(m => m.RoleId).ToListAsync();

    /// <summary>A group the configuration manages is renamed or deleted by a superuser only.</summary>
    private async Task RequireMayChangeConfiguredAsync(PermissionsGroup group, string what)
    {
        if (group.ConfiguredName is null) return;
        await rules.RequireSuperuserAsync(
            $"{what} the group '{group.Name}': the configuration manages it ({ConfigurationKey(DeclaredName(group.ConfiguredName) ?? group.ConfiguredName)})");
    }

    /// <summary>
    /// A name the configuration declares is given to a group by a superuser only: otherwise whoever created it first
    /// would choose the members of a group the configuration then adopts and fills.
    /// </summary>
    private async Task RequireMayTakeNameAsync(string name)
    {
        if (DeclaredName(groups.NormalizeKey(name)) is not { } declared) return;
        await rules.RequireSuperuserAsync($"name a group '{name}': the configuration declares it ({ConfigurationKey(declared)})");
    }

    /// <summary>The configuration's own spelling of a group name, matched as Identity matches names; null if undeclared.</summary>
    private string? DeclaredName(string? normalizedName) =>
        options.Value.Groups.Keys.FirstOrDefault(declared => groups.NormalizeKey(declared) == normalizedName);

    /// <summary>Where the configuration declares a group, as the audit trail and refusals name it.</summary>
    internal static string ConfigurationKey(string declaredName) => $"{PermissionsAdminOptions.SectionName}:Groups:{declaredName}";

    private static ConcurrencyConflictException Conflict(PermissionsGroup group) =>
        new($"Someone else changed group '{group.Name}' since you opened it; nothing was saved. Reload and try again.");
}
