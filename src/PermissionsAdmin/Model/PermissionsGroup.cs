using Microsoft.AspNetCore.Identity;

namespace PermissionsAdmin.Model;

/// <summary>A named bundle of permissions. Stored as an Identity role, so role-based code keeps working.</summary>
public class PermissionsGroup : IdentityRole<int>
{
    public PermissionsGroup() { }

    public PermissionsGroup(string name) : base(name) { }

    /// <summary>
    /// The upper-cased name under <c>PermissionsAdmin:Groups</c> that created or adopted this group; null when the
    /// configuration does not manage it. Groups as code finds its groups by this binding, not by name, so renaming a
    /// configured group away and creating another of its name captures nothing.
    /// </summary>
    public string? ConfiguredName { get; set; }

    public ICollection<GroupPermission> Permissions { get; } = new List<GroupPermission>();
}
