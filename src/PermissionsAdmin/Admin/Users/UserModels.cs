using PermissionsAdmin.Forms;
using PermissionsAdmin.Queries;

namespace PermissionsAdmin.Admin.Users;

internal sealed record UserListPage(
    UserListQuery Query, IReadOnlyList<UserRow> Users, string? PreviousCursor, string? NextCursor, ResultCount Count,
    IReadOnlyList<GroupOption> Groups);

/// <summary>A user about to be deleted, with what goes with them.</summary>
internal sealed record UserDeletion(int Id, string UserName, bool IsSuperuser, int Groups, int Permissions, int ObjectGrants, int Tokens);

internal sealed record DeleteUsersPage(IReadOnlyList<UserDeletion> Users, string ReturnUrl);

/// <summary>The user's memberships and direct grants as stored, by group and permission id, each with its end (null for good).</summary>
internal sealed record UserHoldings(IReadOnlyDictionary<int, DateTime?> GroupEnds, IReadOnlyDictionary<int, DateTime?> PermissionEnds);

/// <param name="Now">The app's clock as the page was made: what the panel's "expires in" counts from.</param>
internal sealed record UserEditPage(
    int Id,
    string UserName,
    UserForm Form,
    ChooserModel Groups,
    ChooserModel Permissions,
    IReadOnlyList<EffectivePermission> Effective,
    DateTime Now,
    bool TargetIsSuperuser,
    bool TargetIsActive,
    DateTime DateJoined,
    DateTime? LastLogin,
    bool IsLockedOut,
    DateTimeOffset? LockoutEnd,
    bool CanEdit,
    bool LockedFlags,
    bool LockedSuperuser,
    string? ReadOnlyReason);
