using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Users;

/// <summary>A permission granted directly to a user.</summary>
public class UserPermission
{
    public int UserId { get; set; }
    public PermissionsUser User { get; set; } = null!;
    public int PermissionId { get; set; }
    public Permission Permission { get; set; } = null!;
}
