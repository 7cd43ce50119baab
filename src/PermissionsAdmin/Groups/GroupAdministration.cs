using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Groups;

/// <summary>
/// Every change to groups and memberships: the one door for the admin, the CLI and the API, with the delegation
/// rules, one transaction and an audit entry per change. Groups the configuration manages
/// (<see cref="PermissionsAdminOptions.Groups"/>) and the names it declares are a superuser's to rename, delete or
/// give: otherwise a delegated administrator could rename a configured group away, create another of its name with
/// members of their choosing, and have the configuration grant it permissions they never held. A change made without
/// an expected concurrency stamp is unconditional: losing a race with another writer, it runs again from a fresh read
/// (<see cref="ConcurrentWrites"/>) instead of failing.
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
    public const string ObjectType = AuthPermissions.GroupObjectType;

    /// <summary>The audit trail's name for the configuration binding of a group.</summary>
    private const string ConfigurationField = "Configuration";

    public async Task<PermissionsGroup> FindAsync(string name) =>
        await groups.FindByNameAsync(name) ?? throw new AdministrationException(Messages.Format("No group named '{0}'.", name));

    public async Task<PermissionsGroup> GetAsync(int groupId) =>
        await db.Roles.FindAsync(groupId) ?? throw new AdministrationNotFoundException(Messages.Format("No group with id {0}.", groupId));

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
        await rules.RequirePermissionAsync(AuthPermissions.AddGroup);
        if (configuredAs is null) await RequireMayTakeNameAsync(name);
        var names = await permissions.NamesAsync(permissionIds);
        await rules.RequireHoldsAsync(names.Values);
        // Run again after losing a race, Identity's validator names the name another writer just took.
        return await db.RetryWhenUnconditionalAsync(unconditional: true, () => db.InTransactionAsync(async () =>
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
        }), () => new ConcurrencyConflictException(Messages.Format("Someone else was creating the group '{0}' at the same time; try again.", name)));
    }

    /// <summary>
    /// Renames a group and/or sets its complete set of permissions. With <paramref name="expectedConcurrencyStamp"/>,
    /// a group changed by someone else in between is refused with <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public Task UpdateAsync(int groupId, string? expectedConcurrencyStamp, string? name, IReadOnlyCollection<int>? permissionIds) =>
        UpdateAsync(groupId, expectedConcurrencyStamp, name, current => permissionIds ?? current);

    /// <summary>
    /// Renames a group and/or sets the permissions <paramref name="wanted"/> makes of the ones it holds when the change
    /// is saved, so a grant made meanwhile by someone else is kept.
    /// </summary>
    private Task UpdateAsync(
        int groupId, string? expectedConcurrencyStamp, string? name, Func<IReadOnlyCollection<int>, IReadOnlyCollection<int>> wanted) =>
        ChangeAsync(groupId, expectedConcurrencyStamp, AuthPermissions.ChangeGroup, group => ApplyAsync(group, name, wanted));

    private async Task ApplyAsync(PermissionsGroup group, string? name, Func<IReadOnlyCollection<int>, IReadOnlyCollection<int>> wanted)
    {
        var groupId = group.Id;
        var current = await db.GroupPermissions.Where(g => g.GroupId == groupId).Select(g => g.PermissionId).ToListAsync();
        var permissionIds = wanted(current);
        var added = permissionIds.Except(current).ToList();
        var removed = current.Except(permissionIds).ToList();
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
            await RequireMayChangeConfiguredAsync(group, Messages.Get("rename"));
            await RequireMayTakeNameAsync(name!);
            changes.Field("Name", group.Name, name);
        }
        if (changes.IsEmpty) return;

        foreach (var id in added) db.GroupPermissions.Add(new GroupPermission { GroupId = groupId, PermissionId = id });
        db.GroupPermissions.RemoveRange(
            await db.GroupPermissions.Where(g => g.GroupId == groupId && removed.Contains(g.PermissionId)).ToListAsync());
        if (renamed) group.Name = name;
        audit.Record(ObjectType, groupId, group.Name!, AuditAction.Changed, changes);
        // Always through RoleManager: it validates the name and renews the concurrency stamp even when only
        // the permissions changed, so an editor who read the group before is refused.
        EnsureSaved(group, await groups.UpdateAsync(group));
    }

    /// <summary>
    /// Grants permissions to a group; ones it already holds are skipped. With <paramref name="expectedConcurrencyStamp"/>,
    /// a group changed by someone else in between is refused, as in <see cref="UpdateAsync(int, string?, string?, IReadOnlyCollection{int}?)"/>.
    /// </summary>
    public async Task GrantAsync(PermissionsGroup group, IReadOnlyCollection<string> permissionNames, string? expectedConcurrencyStamp = null) =>
        await GrantIdsAsync(group, (await permissions.ResolveAsync(permissionNames)).Select(p => p.Id), expectedConcurrencyStamp);

    public async Task GrantAsync(PermissionsGroup group, string permissionName, string? expectedConcurrencyStamp = null) =>
        await GrantIdsAsync(group, [(await permissions.ResolveAsync(permissionName)).Id], expectedConcurrencyStamp);

    public async Task RevokeAsync(PermissionsGroup group, string permissionName, string? expectedConcurrencyStamp = null)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        await UpdateAsync(group.Id, expectedConcurrencyStamp, null, current => current.Where(id => id != permission.Id).ToList());
    }

    /// <summary>Sets the group's complete set of permissions by name, as <see cref="UpdateAsync(int, string?, string?, IReadOnlyCollection{int}?)"/> does by id.</summary>
    public async Task SetPermissionsAsync(int groupId, string? expectedConcurrencyStamp, IReadOnlyCollection<string> permissionNames) =>
        await UpdateAsync(groupId, expectedConcurrencyStamp, null,
            (await permissions.ResolveAsync(permissionNames)).Select(p => p.Id).Distinct().ToList());

    /// <summary>
    /// Deletes a group; its grants and memberships go with it, members and permissions stay. With
    /// <paramref name="expectedConcurrencyStamp"/>, a group changed by someone else in between is refused.
    /// </summary>
    public Task DeleteAsync(int groupId, string? expectedConcurrencyStamp = null) =>
        ChangeAsync(groupId, expectedConcurrencyStamp, AuthPermissions.DeleteGroup, async group =>
        {
            await RequireMayChangeConfiguredAsync(group, Messages.Get("delete"));
            // Policies it approved for no longer name it (its own policy and requests go with it).
            await db.AccessPolicies.Where(p => p.ApproverGroupId == groupId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ApproverGroupId, (int?)null));
            audit.Record(ObjectType, groupId, group.Name!, AuditAction.Deleted);
            EnsureSaved(group, await groups.DeleteAsync(group));
        });

    /// <summary>Adds a member, for good or until <paramref name="expiresAt"/>; a member already in it takes that end.</summary>
    public Task AddMemberAsync(PermissionsGroup group, PermissionsUser user, DateTimeOffset? expiresAt = null) =>
        AddMembersAsync(group.Id, [user.Id], expiresAt);

    public Task RemoveMemberAsync(PermissionsGroup group, PermissionsUser user) => RemoveMembersAsync(group.Id, [user.Id]);

    /// <summary>
    /// Adds users to a group, for good or until <paramref name="expiresAt"/>, through each user's edit rules; members
    /// already in it take that end.
    /// </summary>
    public async Task AddMembersAsync(int groupId, IReadOnlyCollection<int> userIds, DateTimeOffset? expiresAt = null)
    {
        await GetAsync(groupId);
        await userAdministration.UpdateManyAsync(userIds, new UserEdit { GroupIdsToAdd = [groupId], ExpiresAt = expiresAt });
    }

    public async Task RemoveMembersAsync(int groupId, IReadOnlyCollection<int> userIds)
    {
        await GetAsync(groupId);
        await userAdministration.UpdateManyAsync(userIds, new UserEdit { GroupIdsToRemove = [groupId] });
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

    private Task GrantIdsAsync(PermissionsGroup group, IEnumerable<int> permissionIds, string? expectedConcurrencyStamp) =>
        UpdateAsync(group.Id, expectedConcurrencyStamp, null, current => current.Union(permissionIds).ToList());

    /// <summary>
    /// Runs <paramref name="change"/>, which needs <paramref name="permission"/>, in one transaction on the group as
    /// saved. A stale <paramref name="expectedConcurrencyStamp"/> is refused; an unconditional change that loses a race
    /// with another writer of the group runs again from a fresh read. Unlike a user's, the group's row is not locked
    /// first: any write to the groups table, even one that changes nothing, tells every site to drop all its cached
    /// permissions (the change feed), and writers of one group are rare enough to retry.
    /// </summary>
    private async Task ChangeAsync(int groupId, string? expectedConcurrencyStamp, string permission, Func<PermissionsGroup, Task> change)
    {
        var group = await GetAsync(groupId);
        await rules.RequirePermissionAsync(permission);
        await db.RetryWhenUnconditionalAsync(expectedConcurrencyStamp is null, () => db.InTransactionAsync(async () =>
        {
            group = await GetAsync(groupId);
            await db.Entry(group).ReloadAsync();
            if (db.Entry(group).State == EntityState.Detached) throw new AdministrationNotFoundException(Messages.Format("No group with id {0}.", groupId));
            if (expectedConcurrencyStamp is not null && group.ConcurrencyStamp != expectedConcurrencyStamp) throw Conflict(group);
            await change(group);
        }), () => Conflict(group));
    }

    /// <summary>A group the configuration manages is renamed or deleted by a superuser only.</summary>
    private async Task RequireMayChangeConfiguredAsync(PermissionsGroup group, string what)
    {
        if (group.ConfiguredName is null) return;
        await rules.RequireSuperuserAsync(Messages.Format("{0} the group '{1}': the configuration manages it ({2})",
            what, group.Name, ConfigurationKey(DeclaredName(group.ConfiguredName) ?? group.ConfiguredName)));
    }

    /// <summary>
    /// A name the configuration declares is given to a group by a superuser only: otherwise whoever created it first
    /// would choose the members of a group the configuration then adopts and fills.
    /// </summary>
    private async Task RequireMayTakeNameAsync(string name)
    {
        if (DeclaredName(groups.NormalizeKey(name)) is not { } declared) return;
        await rules.RequireSuperuserAsync(Messages.Format("name a group '{0}': the configuration declares it ({1})", name, ConfigurationKey(declared)));
    }

    /// <summary>The configuration's own spelling of a group name, matched as Identity matches names; null if undeclared.</summary>
    private string? DeclaredName(string? normalizedName) =>
        options.Value.Groups.Keys.FirstOrDefault(declared => groups.NormalizeKey(declared) == normalizedName);

    /// <summary>Where the configuration declares a group, as the audit trail and refusals name it.</summary>
    internal static string ConfigurationKey(string declaredName) => $"{PermissionsAdminOptions.SectionName}:Groups:{declaredName}";

    private static ConcurrencyConflictException Conflict(PermissionsGroup group) =>
        new(Messages.Format("Someone else changed group '{0}' since you opened it; nothing was saved. Reload and try again.", group.Name));

    private static void EnsureSaved(PermissionsGroup group, IdentityResult result)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))) throw Conflict(group);
        UserAdministration.Ensure(result);
    }
}
