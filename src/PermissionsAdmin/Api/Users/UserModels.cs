using PermissionsAdmin.Users;

namespace PermissionsAdmin.Api.Users;

/// <summary>A user as the API shows it; never the password hash or security stamp.</summary>
/// <param name="LockedOut">Locked out after repeated failed sign-ins (POST …/unlock lifts it), until <paramref name="LockedOutUntil"/>.</param>
public sealed record UserResponse(
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
        Utc(user.DateJoined), user.LastLogin is { } login ? Utc(login) : null,
        user.LockoutEnd > now, user.LockoutEnd > now ? user.LockoutEnd : null);

    // Stored as UTC; some providers read the value back without its kind, so say it.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>A new user. Without a password the account cannot sign in until one is set.</summary>
/// <param name="IsSuperuser">Only a superuser may create one; a superuser is always staff.</param>
public sealed record CreateUserRequest(
    string? UserName,
    string? Email,
    string? Password,
    string? FirstName,
    string? LastName,
    bool IsStaff = false,
    bool IsSuperuser = false);

/// <summary>A partial change: members left out (or null) stay as they are; an empty e-mail clears it.</summary>
public sealed record UpdateUserRequest(
    string? UserName,
    string? Email,
    string? FirstName,
    string? LastName,
    bool? IsActive,
    bool? IsStaff,
    bool? IsSuperuser);

public sealed record SetPasswordRequest(string? Password);

/// <summary>One of the user's groups.</summary>
public sealed record UserGroup(int Id, string Name);

/// <summary>The groups the user is in; the user gets every permission of each.</summary>
public sealed record UserGroups(IReadOnlyList<UserGroup> Groups);

/// <summary>The complete set of groups the user should be in, by id.</summary>
public sealed record ReplaceUserGroupsRequest(IReadOnlyList<int>? GroupIds);

/// <summary>The permissions granted to the user directly, as <c>app.codename</c>, on top of their groups'.</summary>
public sealed record UserPermissions(IReadOnlyList<string> Permissions);

/// <summary>The complete set of direct permissions the user should hold, as <c>app.codename</c>.</summary>
public sealed record ReplaceUserPermissionsRequest(IReadOnlyList<string>? Permissions);

/// <summary>One permission to grant directly, as <c>app.codename</c>.</summary>
public sealed record GrantUserPermissionRequest(string? Permission);

/// <summary>What the user holds through stored grants, and why.</summary>
/// <param name="IsActive">An inactive user passes no permission check at all, whatever is listed.</param>
/// <param name="IsSuperuser">An active superuser passes every permission check, also of permissions not listed.</param>
public sealed record UserEffectivePermissions(
    int UserId, string UserName, bool IsActive, bool IsSuperuser, IReadOnlyList<EffectiveUserPermission> Permissions);

/// <param name="Permission">The permission as <c>app.codename</c>.</param>
/// <param name="Label">As the admin shows it: "app | entity | name".</param>
/// <param name="Direct">Granted to the user directly.</param>
/// <param name="ViaGroups">The user's groups that grant it.</param>
public sealed record EffectiveUserPermission(string Permission, string Label, bool Direct, IReadOnlyList<string> ViaGroups);
