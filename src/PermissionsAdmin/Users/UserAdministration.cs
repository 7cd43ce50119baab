using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Users;

/// <summary>
/// Every change to users: the one door for the admin, the CLI and the API. Each method checks the delegation rules,
/// writes in one transaction and records an audit entry; a refusal throws <see cref="AdministrationException"/> and
/// changes nothing. Writers of one user take turns (<see cref="ConcurrentWrites"/>): a change with an expected
/// concurrency stamp is refused when someone else saved first; one without is unconditional and never fails for that.
/// </summary>
public sealed class UserAdministration(
    PermissionsDbContext db,
    UserManager<PermissionsUser> users,
    PermissionResolver permissions,
    DelegationRules rules,
    AuditLog audit,
    TimeProvider clock)
{
    public const string ObjectType = AuthPermissions.UserObjectType;

    /// <summary>Finds a user by user name or e-mail; throws when there is none.</summary>
    public async Task<PermissionsUser> FindAsync(string userNameOrEmail)
    {
        var user = await users.FindByNameAsync(userNameOrEmail);
        if (user is null && userNameOrEmail.Contains('@'))
        {
            // E-mails need not be unique: only an unambiguous one identifies a user.
            var email = users.NormalizeEmail(userNameOrEmail);
            var matches = await db.Users.Where(u => u.NormalizedEmail == email).Take(2).ToListAsync();
            if (matches.Count > 1)
            {
                throw new AdministrationException(Messages.Format("Several users have the e-mail '{0}'; use the user name.", userNameOrEmail));
            }
            user = matches.SingleOrDefault();
        }
        return user ?? throw new AdministrationException(Messages.Format("No user named '{0}'.", userNameOrEmail));
    }

    public async Task<PermissionsUser> GetAsync(int userId) =>
        await db.Users.FindAsync(userId) ?? throw new AdministrationNotFoundException(Messages.Format("No user with id {0}.", userId));

    /// <summary>
    /// Creates an active user; without a password the account cannot sign in until one is set. Needs both
    /// auth.add_user and auth.change_user, since whoever creates users could otherwise create staff.
    /// </summary>
    public async Task<PermissionsUser> CreateAsync(
        string userName, string? email, string? password, bool isStaff = false, bool isSuperuser = false,
        string? firstName = null, string? lastName = null)
    {
        await rules.RequirePermissionAsync(AuthPermissions.AddUser);
        await rules.RequirePermissionAsync(AuthPermissions.ChangeUser);
        if (isSuperuser) await rules.RequireSuperuserAsync(Messages.Get("create a superuser"));
        // Run again after losing a race, Identity's validators name the user name or e-mail another writer just took.
        return await db.RetryWhenUnconditionalAsync(unconditional: true, () => db.InTransactionAsync(async () =>
        {
            var user = new PermissionsUser
            {
                UserName = userName,
                Email = string.IsNullOrWhiteSpace(email) ? null : email,
                IsStaff = isStaff || isSuperuser,
                IsSuperuser = isSuperuser,
                FirstName = firstName ?? "",
                LastName = lastName ?? "",
                DateJoined = clock.GetUtcNow().UtcDateTime,
            };
            Ensure(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password));
            var changes = new AuditChanges();
            changes.Field(nameof(user.UserName), null, user.UserName);
            changes.Field(nameof(user.Email), null, user.Email);
            if (user.FirstName.Length > 0) changes.Field(nameof(user.FirstName), null, user.FirstName);
            if (user.LastName.Length > 0) changes.Field(nameof(user.LastName), null, user.LastName);
            changes.Field(nameof(user.IsStaff), null, user.IsStaff);
            changes.Field(nameof(user.IsSuperuser), null, user.IsSuperuser);
            audit.Record(ObjectType, user.Id, user.UserName!, AuditAction.Added, changes);
            await db.SaveChangesAsync();
            return user;
        }), () => new ConcurrencyConflictException(Messages.Format("Someone else was creating '{0}' at the same time; try again.", userName)));
    }

    /// <summary>
    /// Applies an edit. With <paramref name="expectedConcurrencyStamp"/> (what the editor saw), a user changed by
    /// someone else in between is refused with <see cref="ConcurrencyConflictException"/>; without it the edit is
    /// applied to the user as they are when it is saved.
    /// </summary>
    public Task UpdateAsync(int userId, string? expectedConcurrencyStamp, UserEdit edit) =>
        ChangeAsync(userId, expectedConcurrencyStamp, AuthPermissions.ChangeUser, user => ApplyAsync(user, edit));

    private async Task ApplyAsync(PermissionsUser user, UserEdit edit)
    {
        var userId = user.Id;
        await rules.RequireMayTouchAsync(user);

        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = edit.ExpiresAt?.UtcDateTime;
        if (expiresAt <= now) throw new AdministrationException(Messages.Get("The expiry must be in the future."), nameof(edit.ExpiresAt));

        // Ended memberships and grants are not read (the context's filters): they are not held.
        var groupEnds = await db.UserRoles.Where(m => m.UserId == userId).ToDictionaryAsync(m => m.RoleId, m => m.ExpiresAt);
        var permissionEnds = await db.UserPermissions.Where(g => g.UserId == userId).ToDictionaryAsync(g => g.PermissionId, g => g.ExpiresAt);
        var currentGroups = groupEnds.Keys.ToList();
        var currentPermissions = permissionEnds.Keys.ToList();
        var wantedGroups = Wanted(currentGroups, edit.GroupIds, edit.GroupIdsToAdd, edit.GroupIdsToRemove);
        var wantedPermissions = Wanted(currentPermissions, edit.PermissionIds, edit.PermissionIdsToAdd, edit.PermissionIdsToRemove);
        var groupsAdded = wantedGroups.Except(currentGroups).ToList();
        var groupsRemoved = currentGroups.Except(wantedGroups).ToList();
        var permissionsAdded = wantedPermissions.Except(currentPermissions).ToList();
        var permissionsRemoved = currentPermissions.Except(wantedPermissions).ToList();
        var groupsEnding = EndChanged(groupEnds, edit.GroupIdsToAdd, expiresAt);
        var permissionsEnding = EndChanged(permissionEnds, edit.PermissionIdsToAdd, expiresAt);
        var flagsChange = (edit.IsActive is { } active && active != user.IsActive) ||
            (edit.IsStaff is { } staff && staff != user.IsStaff) ||
            (edit.IsSuperuser is { } super && super != user.IsSuperuser);

        if (flagsChange || groupsAdded.Count + groupsRemoved.Count + permissionsAdded.Count + permissionsRemoved.Count +
            groupsEnding.Count + permissionsEnding.Count > 0)
        {
            await rules.RequireNotSelfAsync(userId, Messages.Get("You cannot change your own permissions, groups or flags."));
        }
        if (edit.IsSuperuser is { } superuser && superuser != user.IsSuperuser)
        {
            await rules.RequireSuperuserAsync(superuser ? Messages.Get("make a user a superuser") : Messages.Get("revoke superuser status"));
        }
        if (edit.IsActive == false || edit.IsSuperuser == false) await rules.KeepLastSuperuserAsync([userId]);

        // Changing a held one's end grants it anew for that long: the same rules as granting it.
        groupsAdded.AddRange(groupsEnding);
        permissionsAdded.AddRange(permissionsEnding);
        var groupNames = await GroupNamesAsync(groupsAdded.Concat(groupsRemoved));
        var permissionNames = await permissions.NamesAsync(permissionsAdded.Concat(permissionsRemoved));
        await rules.RequireHoldsAsync(permissionsAdded.Select(id => permissionNames[id]));
        foreach (var groupId in groupsAdded) await rules.RequireHoldsGroupAsync(groupId, groupNames[groupId]);

        var changes = new AuditChanges();
        Apply(changes, nameof(user.UserName), user.UserName, edit.UserName, v => user.UserName = v);
        if (edit.Email is not null && (edit.Email.Length == 0 ? null : edit.Email) is var email && email != user.Email)
        {
            changes.Field(nameof(user.Email), user.Email, email);
            user.Email = email;
        }
        Apply(changes, nameof(user.FirstName), user.FirstName, edit.FirstName, v => user.FirstName = v ?? "");
        Apply(changes, nameof(user.LastName), user.LastName, edit.LastName, v => user.LastName = v ?? "");
        Apply(changes, nameof(user.IsActive), user.IsActive, edit.IsActive, v => user.IsActive = v);
        Apply(changes, nameof(user.IsStaff), user.IsStaff, edit.IsStaff, v => user.IsStaff = v);
        Apply(changes, nameof(user.IsSuperuser), user.IsSuperuser, edit.IsSuperuser, v => user.IsSuperuser = v);
        changes.GroupsAdded = AuditChanges.Sorted(groupsAdded.Select(id => Ending(groupNames[id], expiresAt, groupsEnding.Contains(id))));
        changes.GroupsRemoved = AuditChanges.Sorted(groupsRemoved.Select(id => groupNames[id]));
        changes.PermissionsAdded = AuditChanges.Sorted(permissionsAdded.Select(id => Ending(permissionNames[id], expiresAt, permissionsEnding.Contains(id))));
        changes.PermissionsRemoved = AuditChanges.Sorted(permissionsRemoved.Select(id => permissionNames[id]));
        // Deactivation revokes the user's tokens, so reactivating the account does not silently bring them back.
        var tokensRevoked = edit.IsActive == false
            ? await db.PersonalAccessTokens.Where(t => t.UserId == userId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now)).ToListAsync()
            : [];
        changes.TokensRevoked = AuditChanges.Sorted(tokensRevoked.Select(t => t.Name));
        if (changes.IsEmpty) return;

        foreach (var token in tokensRevoked) token.RevokedAt = now;
        // A row of one added but not held is an ended membership or grant, hidden by the filters: it makes way.
        var newGroups = groupsAdded.Except(groupsEnding).ToList();
        var newPermissions = permissionsAdded.Except(permissionsEnding).ToList();
        if (newGroups.Count > 0)
        {
            await db.UserRoles.IgnoreQueryFilters().Where(m => m.UserId == userId && newGroups.Contains(m.RoleId)).ExecuteDeleteAsync();
        }
        if (newPermissions.Count > 0)
        {
            await db.UserPermissions.IgnoreQueryFilters().Where(g => g.UserId == userId && newPermissions.Contains(g.PermissionId)).ExecuteDeleteAsync();
        }
        // The held ones this edit touches are removed or given their new end.
        foreach (var membership in await db.UserRoles.Where(m => m.UserId == userId && (groupsRemoved.Contains(m.RoleId) || groupsEnding.Contains(m.RoleId))).ToListAsync())
        {
            if (groupsEnding.Contains(membership.RoleId)) membership.ExpiresAt = expiresAt;
            else db.UserRoles.Remove(membership);
        }
        foreach (var grant in await db.UserPermissions.Where(g => g.UserId == userId && (permissionsRemoved.Contains(g.PermissionId) || permissionsEnding.Contains(g.PermissionId))).ToListAsync())
        {
            if (permissionsEnding.Contains(grant.PermissionId)) grant.ExpiresAt = expiresAt;
            else db.UserPermissions.Remove(grant);
        }
        foreach (var groupId in newGroups) db.UserRoles.Add(new GroupMembership { UserId = userId, RoleId = groupId, ExpiresAt = expiresAt });
        foreach (var id in newPermissions) db.UserPermissions.Add(new UserPermission { UserId = userId, PermissionId = id, ExpiresAt = expiresAt });
        audit.Record(ObjectType, userId, user.UserName!, AuditAction.Changed, changes);
        foreach (var groupId in groupsAdded) RecordMembership(groupId, groupNames[groupId], Ending(user.UserName!, expiresAt, groupsEnding.Contains(groupId)), added: true);
        foreach (var groupId in groupsRemoved) RecordMembership(groupId, groupNames[groupId], user.UserName!, added: false);
        // Deactivation ends the user's sign-ins: a new security stamp no longer matches their cookies.
        EnsureSaved(user, edit.IsActive == false ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user));
    }

    public Task SetActiveAsync(PermissionsUser user, bool isActive) =>
        UpdateAsync(user.Id, null, new UserEdit { IsActive = isActive });

    /// <summary>
    /// Grants a permission directly, for good or until <paramref name="expiresAt"/>; granting one already held, also by
    /// a concurrent writer, changes nothing but its end. With <paramref name="expectedConcurrencyStamp"/>, a user
    /// changed by someone else in between is refused.
    /// </summary>
    public async Task GrantAsync(
        PermissionsUser user, string permissionName, string? expectedConcurrencyStamp = null, DateTimeOffset? expiresAt = null)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        await UpdateAsync(user.Id, expectedConcurrencyStamp, new UserEdit { PermissionIdsToAdd = [permission.Id], ExpiresAt = expiresAt });
    }

    /// <summary>Revokes a direct grant; group grants are untouched, and revoking one not held changes nothing.</summary>
    public async Task RevokeAsync(PermissionsUser user, string permissionName, string? expectedConcurrencyStamp = null)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        await UpdateAsync(user.Id, expectedConcurrencyStamp, new UserEdit { PermissionIdsToRemove = [permission.Id] });
    }

    /// <summary>Sets a new password (Identity's rules apply) and ends the user's other sign-ins.</summary>
    public Task SetPasswordAsync(int userId, string password, string? expectedConcurrencyStamp = null) =>
        ChangeAsync(userId, expectedConcurrencyStamp, AuthPermissions.ChangeUser, async user =>
        {
            await rules.RequireMayTouchAsync(user);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            EnsureSaved(user, await users.ResetPasswordAsync(user, token, password));
            var changes = new AuditChanges();
            changes.Secret("Password");
            audit.Record(ObjectType, userId, user.UserName!, AuditAction.Changed, changes);
            await db.SaveChangesAsync();
        });

    /// <summary>
    /// The signed-in user's own change of password (Django's password_change): no permission needed, the current
    /// password must be right and the new one pass Identity's rules. The new security stamp ends their other sign-ins:
    /// refresh this one's cookie after.
    /// </summary>
    public async Task<PermissionsUser> ChangeOwnPasswordAsync(ClaimsPrincipal principal, string currentPassword, string newPassword)
    {
        if (!int.TryParse(users.GetUserId(principal), out var userId)) throw new AdministrationDeniedException(Messages.Get("Sign in to change your password."));
        PermissionsUser? user = null;
        await db.RetryWhenUnconditionalAsync(unconditional: true, () => db.InTransactionAsync(async () =>
        {
            user = await FindLockedAsync(userId) ?? throw new AdministrationNotFoundException(Messages.Format("No user with id {0}.", userId));
            var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                throw new AdministrationException(Messages.Get("The current password is not correct."), "currentPassword");
            }
            EnsureSaved(user, result);
            var changes = new AuditChanges();
            changes.Secret("Password");
            audit.Record(ObjectType, userId, user.UserName!, AuditAction.Changed, changes);
            await db.SaveChangesAsync();
        }), () => Conflict(user!));
        return user!;
    }

    /// <summary>Lifts a lockout after repeated failed sign-ins.</summary>
    public Task UnlockAsync(int userId, string? expectedConcurrencyStamp = null) =>
        ChangeAsync(userId, expectedConcurrencyStamp, AuthPermissions.ChangeUser, async user =>
        {
            await rules.RequireMayTouchAsync(user);
            EnsureSaved(user, await users.SetLockoutEndDateAsync(user, null));
            EnsureSaved(user, await users.ResetAccessFailedCountAsync(user));
            var changes = new AuditChanges();
            changes.Field("LockedOut", true, false);
            audit.Record(ObjectType, userId, user.UserName!, AuditAction.Changed, changes);
            await db.SaveChangesAsync();
        });

    /// <summary>
    /// Deletes one user as <see cref="DeleteAsync(IReadOnlyCollection{int})"/> does; with
    /// <paramref name="expectedConcurrencyStamp"/>, a user changed by someone else in between is refused.
    /// </summary>
    public Task DeleteAsync(int userId, string? expectedConcurrencyStamp) =>
        ChangeAsync(userId, expectedConcurrencyStamp, AuthPermissions.DeleteUser, user => DeleteLockedAsync([user]));

    /// <summary>Deletes users with their grants and memberships; their audit entries stay.</summary>
    public async Task DeleteAsync(IReadOnlyCollection<int> userIds)
    {
        await rules.RequirePermissionAsync(AuthPermissions.DeleteUser);
        await db.RetryWhenUnconditionalAsync(unconditional: true, () => db.InTransactionAsync(async () =>
        {
            var targets = new List<PermissionsUser>();
            foreach (var userId in userIds.Distinct().Order())
            {
                targets.Add(await FindLockedAsync(userId) ?? throw new AdministrationException(Messages.Get("Some of the selected users no longer exist.")));
            }
            await DeleteLockedAsync(targets);
        }), () => new ConcurrencyConflictException(Messages.Get("Someone else changed the selected users at the same time; nothing was deleted. Try again.")));
    }

    private async Task DeleteLockedAsync(IReadOnlyCollection<PermissionsUser> targets)
    {
        foreach (var user in targets)
        {
            await rules.RequireNotSelfAsync(user.Id, Messages.Get("You cannot change your own account: ask another administrator to delete it."));
            await rules.RequireMayTouchAsync(user);
        }
        await rules.KeepLastSuperuserAsync(targets.Select(u => u.Id).ToList());
        foreach (var user in targets)
        {
            audit.Record(ObjectType, user.Id, user.UserName!, AuditAction.Deleted);
            EnsureSaved(user, await users.DeleteAsync(user));
        }
    }

    /// <summary>Bulk action: the same edit for each user, all or nothing.</summary>
    public Task UpdateManyAsync(IReadOnlyCollection<int> userIds, UserEdit edit) =>
        db.InTransactionAsync(async () =>
        {
            // In id order, as every bulk change locks users, so two of them never wait for each other.
            foreach (var userId in userIds.Distinct().Order()) await UpdateAsync(userId, null, edit);
        });

    /// <summary>
    /// Runs <paramref name="change"/>, which needs <paramref name="permission"/>, in one transaction on the user as
    /// saved, their row locked until it ends: writers of one user take turns, each reading what the one before saved,
    /// instead of failing on each other's concurrency stamp. A stale <paramref name="expectedConcurrencyStamp"/> is
    /// refused; an unconditional change that still loses a race (a row it removes deleted meanwhile) runs again.
    /// </summary>
    private async Task ChangeAsync(int userId, string? expectedConcurrencyStamp, string permission, Func<PermissionsUser, Task> change)
    {
        var user = await GetAsync(userId);
        await rules.RequirePermissionAsync(permission);
        await db.RetryWhenUnconditionalAsync(expectedConcurrencyStamp is null, () => db.InTransactionAsync(async () =>
        {
            user = await FindLockedAsync(userId) ?? throw new AdministrationNotFoundException(Messages.Format("No user with id {0}.", userId));
            if (expectedConcurrencyStamp is not null && user.ConcurrencyStamp != expectedConcurrencyStamp) throw Conflict(user);
            await change(user);
        }), () => Conflict(user));
    }

    /// <summary>The user as saved (a tracked instance is reloaded), their row locked until the transaction ends; null if there is none.</summary>
    private async Task<PermissionsUser?> FindLockedAsync(int userId)
    {
        if (await db.Users.Where(u => u.Id == userId).LockAsync(u => u.ConcurrencyStamp) == 0) return null;
        var user = await GetAsync(userId);
        await db.Entry(user).ReloadAsync();
        return user;
    }

    private void RecordMembership(int groupId, string groupName, string member, bool added)
    {
        var changes = new AuditChanges();
        if (added) changes.MembersAdded = [member];
        else changes.MembersRemoved = [member];
        audit.Record(AuthPermissions.GroupObjectType, groupId, groupName, AuditAction.Changed, changes);
    }

    /// <summary>The held ones among <paramref name="toAdd"/> whose end is not <paramref name="expiresAt"/>.</summary>
    private static List<int> EndChanged(Dictionary<int, DateTime?> held, IReadOnlyCollection<int>? toAdd, DateTime? expiresAt) =>
        (toAdd ?? []).Distinct().Where(id => held.TryGetValue(id, out var end) && end != expiresAt).ToList();

    /// <summary>How the audit log names a membership or grant given: with its end, if it has one or lost one.</summary>
    private static string Ending(string name, DateTime? expiresAt, bool endChanged) => expiresAt switch
    {
        { } end => Messages.Format("{0} (until {1:yyyy-MM-dd HH:mm} UTC)", name, end),
        null when endChanged => Messages.Format("{0} (no end)", name),
        _ => name,
    };

    private async Task<Dictionary<int, string>> GroupNamesAsync(IEnumerable<int> ids)
    {
        var wanted = ids.Distinct().ToList();
        var names = await db.Roles.Where(r => wanted.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name!);
        foreach (var id in wanted)
        {
            if (!names.ContainsKey(id)) throw new AdministrationException(Messages.Format("No group with id {0}.", id), "groupIds");
        }
        return names;
    }

    /// <summary>The ids wanted after an edit: the complete set if given, else the current ones, plus and minus the edit's.</summary>
    private static List<int> Wanted(
        List<int> current, IReadOnlyCollection<int>? complete, IReadOnlyCollection<int>? toAdd, IReadOnlyCollection<int>? toRemove) =>
        (complete ?? current).Union(toAdd ?? []).Except(toRemove ?? []).ToList();

    private static void Apply<T>(AuditChanges changes, string field, T current, T? wanted, Action<T> set)
    {
        if (wanted is null || EqualityComparer<T>.Default.Equals(current, wanted)) return;
        changes.Field(field, current, wanted);
        set(wanted);
    }

    private static void Apply(AuditChanges changes, string field, bool current, bool? wanted, Action<bool> set)
    {
        if (wanted is not { } value || value == current) return;
        changes.Field(field, current, value);
        set(value);
    }

    private static ConcurrencyConflictException Conflict(PermissionsUser user) =>
        new(Messages.Format("Someone else changed user '{0}' since you opened it; nothing was saved. Reload and try again.", user.UserName));

    private static void EnsureSaved(PermissionsUser user, IdentityResult result)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))) throw Conflict(user);
        Ensure(result);
    }

    internal static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new AdministrationException(string.Join(" ", result.Errors.Select(e => e.Description)), FieldOf(result.Errors.First().Code));
        }
    }

    /// <summary>The input an Identity error is about, by its code (DuplicateUserName, PasswordTooShort, InvalidRoleName…).</summary>
    private static string? FieldOf(string code) =>
        code.StartsWith("Password", StringComparison.Ordinal) ? "password"
        : code.EndsWith("UserName", StringComparison.Ordinal) ? "userName"
        : code.EndsWith("Email", StringComparison.Ordinal) ? "email"
        : code.EndsWith("FirstName", StringComparison.Ordinal) ? "firstName"
        : code.EndsWith("LastName", StringComparison.Ordinal) ? "lastName"
        : code.EndsWith("RoleName", StringComparison.Ordinal) ? "name"
        : null;
}
