using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Users;

/// <summary>Creates users and changes their flags and direct grants; the one door for the CLI and the admin.</summary>
public sealed class UserAdministration(
    PermissionsDbContext db, UserManager<PermissionsUser> users, PermissionResolver permissions)
{
    /// <summary>Finds a user by user name or e-mail; throws when there is none.</summary>
    public async Task<PermissionsUser> FindAsync(string userNameOrEmail)
    {
        var user = await users.FindByNameAsync(userNameOrEmail);
        if (user is null && userNameOrEmail.Contains('@'))
        {
            user = await users.FindByEmailAsync(userNameOrEmail);
        }
        return user ?? throw new AdministrationException($"No user named '{userNameOrEmail}'.");
    }

    /// <summary>Creates an active user; without a password the account cannot sign in until one is set.</summary>
    public async Task<PermissionsUser> CreateAsync(
        string userName, string? email, string? password, bool isStaff = false, bool isSuperuser = false)
    {
        var user = new PermissionsUser
        {
            UserName = userName,
            Email = string.IsNullOrWhiteSpace(email) ? null : email,
            IsStaff = isStaff || isSuperuser,
            IsSuperuser = isSuperuser,
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Ensure(result);
        return user;
    }

    public async Task SetActiveAsync(PermissionsUser user, bool isActive)
    {
        user = await TrackedAsync(user);
        if (user.IsActive == isActive) return;
        user.IsActive = isActive;
        Ensure(await users.UpdateAsync(user));
        // A new security stamp ends the user's existing sign-ins at their next validation.
        if (!isActive) Ensure(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Grants a permission directly; granting one already held changes nothing.</summary>
    public async Task GrantAsync(PermissionsUser user, string permissionName)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        if (await db.UserPermissions.AnyAsync(g => g.UserId == user.Id && g.PermissionId == permission.Id)) return;
        db.UserPermissions.Add(new UserPermission { UserId = user.Id, PermissionId = permission.Id });
        await db.SaveChangesAsync();
    }

    /// <summary>Revokes a direct grant; group grants are untouched.</summary>
    public async Task RevokeAsync(PermissionsUser user, string permissionName)
    {
        var permission = await permissions.ResolveAsync(permissionName);
        var grant = await db.UserPermissions.FirstOrDefaultAsync(g => g.UserId == user.Id && g.PermissionId == permission.Id);
        if (grant is null) return;
        db.UserPermissions.Remove(grant);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// This scope's instance of a user that may have been loaded elsewhere: Identity saves through the tracked
    /// instance, and a second instance with the same key would make its update fail.
    /// </summary>
    internal async Task<PermissionsUser> TrackedAsync(PermissionsUser user) =>
        db.Entry(user).State != EntityState.Detached ? user
            : await db.Users.FindAsync(user.Id) ?? throw new AdministrationException($"User '{user.UserName}' no longer exists.");

    internal static void Ensure(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new AdministrationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
