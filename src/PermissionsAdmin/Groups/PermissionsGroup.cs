using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Groups;

/// <summary>A named bundle of permissions. Stored as an Identity role, so role-based code keeps working.</summary>
public class PermissionsGroup : IdentityRole<int>
{
    public PermissionsGroup() { }

    public PermissionsGroup(string name) : base(name) { }

    public ICollection<GroupPermission> Permissions { get; } = new List<GroupPermission>();
}
