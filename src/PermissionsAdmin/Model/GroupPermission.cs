namespace PermissionsAdmin.Model;

/// <summary>A permission held by every member of a group.</summary>
public class GroupPermission
{
    public int GroupId { get; set; }
    public PermissionsGroup Group { get; set; } = null!;
    public int PermissionId { get; set; }
    public Permission Permission { get; set; } = null!;
}
