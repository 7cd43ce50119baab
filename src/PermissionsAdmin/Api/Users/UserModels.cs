using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Api.Users;

/// <summary>A user as the API shows it; never the password hash or security stamp.</summary>
/// <param name="LockedOut">Locked out after repeated failed sign-ins (POST …/unlock lifts it), until <paramref name="LockedOutUntil"/>.</param>
internal sealed record UserResponse(
    int Id,
    string UserName,
    string? Email,
    string FirstName,
    string LastName,
    bool IsActive,
    bool IsStaff,
    bool IsSuperuser,
    DateTimeOffset DateJoined,
    DateTimeOffset? LastLogin,
    bool LockedOut,
    DateTimeOffset? LockedOutUntil)
{
    /// <param name="now">The time a lockout is compared with.</param>
    public static UserResponse From(PermissionsUser user, DateTimeOffset now) => new(
        user.Id, user.UserName!, user.Email, user.FirstName, user.LastName, user.IsActive, user.IsStaff, user.IsSuperuser,
        StoredTimes.Utc(user.DateJoined), StoredTimes.Utc(user.LastLogin),
        user.LockoutEnd > now, user.LockoutEnd > now ? user.LockoutEnd : null);
}

/// <summary>A new user. Without a password the account cannot sign in until one is set.</summary>
/// <param name="IsSuperuser">Only a superuser may create one; a superuser is always staff.</param>
internal sealed record CreateUserRequest(
    string? UserName,
    string? Email,
    string? Password,
    string? FirstName,
    string? LastName,
    bool IsStaff = false,
    bool IsSuperuser = false);

/// <summary>A partial change: members left out (or null) stay as they are; an empty e-mail clears it.</summary>
internal sealed record UpdateUserRequest(
    string? UserName,
    string? Email,
    string? FirstName,
    string? LastName,
    bool? IsActive,
    bool? IsStaff,
    bool? IsSuperuser);

internal sealed record SetPasswordRequest(string? Password);

/// <summary>One of the user's groups.</summary>
/// <param name="ExpiresAt">When the membership ends; null for good.</param>
internal sealed record UserGroup(int Id, string Name, DateTimeOffset? ExpiresAt);

/// <summary>The groups the user is in; the user gets every permission of each.</summary>
internal sealed record UserGroups(IReadOnlyList<UserGroup> Groups);

/// <summary>Adds the user to a group; the body may be left out.</summary>
/// <param name="ExpiresAt">
/// When the membership ends, ISO 8601 with its offset (e.g. 2026-12-31T18:00:00Z); left out, for good. For a group the
/// user is in already, it sets when that membership ends.
/// </param>
internal sealed record AddUserToGroupRequest(string? ExpiresAt);

/// <summary>The complete set of groups the user should be in, by id.</summary>
internal sealed record ReplaceUserGroupsRequest(IReadOnlyList<int>? GroupIds);

/// <summary>The permissions granted to the user directly, as <c>app.codename</c>, on top of their groups'.</summary>
/// <param name="Grants">The same grants in the same order, each with when it ends.</param>
internal sealed record UserPermissions(IReadOnlyList<string> Permissions, IReadOnlyList<DirectGrant> Grants);

/// <summary>A permission granted to the user directly, as <c>app.codename</c>.</summary>
/// <param name="ExpiresAt">When the grant ends; null for good.</param>
internal sealed record DirectGrant(string Permission, DateTimeOffset? ExpiresAt);

/// <summary>The complete set of direct permissions the user should hold, as <c>app.codename</c>.</summary>
internal sealed record ReplaceUserPermissionsRequest(IReadOnlyList<string>? Permissions);

/// <summary>One permission to grant directly, as <c>app.codename</c>.</summary>
/// <param name="ExpiresAt">
/// When the grant ends, ISO 8601 with its offset (e.g. 2026-12-31T18:00:00Z); left out, for good. For a permission
/// held directly already, it sets when that grant ends.
/// </param>
internal sealed record GrantUserPermissionRequest(string? Permission, string? ExpiresAt);

/// <summary>What the user holds through stored grants, and why.</summary>
/// <param name="IsActive">An inactive user passes no permission check at all, whatever is listed.</param>
/// <param name="IsSuperuser">An active superuser passes every permission check, also of permissions not listed.</param>
internal sealed record UserEffectivePermissions(
    int UserId, string UserName, bool IsActive, bool IsSuperuser, IReadOnlyList<EffectiveUserPermission> Permissions);

/// <param name="Permission">The permission as <c>app.codename</c>.</param>
/// <param name="Label">As the admin shows it: "app | entity | name".</param>
/// <param name="Direct">Granted to the user directly.</param>
/// <param name="ViaGroups">The user's groups that grant it.</param>
internal sealed record EffectiveUserPermission(string Permission, string Label, bool Direct, IReadOnlyList<string> ViaGroups);
