namespace PermissionsAdmin.Users;

/// <summary>
/// A change to a user; a null member leaves that part as it is. An empty e-mail clears it. Groups and permissions are
/// either the complete set or what to add and remove: the latter is what a grant means while someone else may be
/// changing the same user, since it applies to whatever the user holds when the change is saved. What it adds may end
/// (<see cref="ExpiresAt"/>).
/// </summary>
public sealed record UserEdit
{
    public string? UserName { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public bool? IsActive { get; init; }
    public bool? IsStaff { get; init; }
    public bool? IsSuperuser { get; init; }

    /// <summary>The complete set of groups the user should be in.</summary>
    public IReadOnlyCollection<int>? GroupIds { get; init; }

    /// <summary>The complete set of direct permissions the user should hold.</summary>
    public IReadOnlyCollection<int>? PermissionIds { get; init; }

    public IReadOnlyCollection<int>? GroupIdsToAdd { get; init; }
    public IReadOnlyCollection<int>? GroupIdsToRemove { get; init; }
    public IReadOnlyCollection<int>? PermissionIdsToAdd { get; init; }
    public IReadOnlyCollection<int>? PermissionIdsToRemove { get; init; }

    /// <summary>
    /// When the groups and permissions this edit adds end; null for good. A held one named in
    /// <see cref="GroupIdsToAdd"/> or <see cref="PermissionIdsToAdd"/> takes this end too: a grant says until when.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
