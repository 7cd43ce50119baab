namespace PermissionsAdmin.Model;

/// <summary>A permission granted directly to a user.</summary>
public class UserPermission
{
    public int UserId { get; set; }
    public PermissionsUser User { get; set; } = null!;
    public int PermissionId { get; set; }
    public Permission Permission { get; set; } = null!;

    /// <summary>When the grant ends (UTC); null for good. Ended grants are hidden from every query, as ended memberships are.</summary>
    public DateTime? ExpiresAt { get; set; }
}
