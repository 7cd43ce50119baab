namespace PermissionsAdmin.Users;

/// <summary>A change to a user; a null member leaves that part as it is. An empty e-mail clears it.</summary>
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
}
