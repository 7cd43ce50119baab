namespace PermissionsAdmin.Model;

/// <summary>One row per (app label, entity name): what a permission is about.</summary>
[PermissionApp("contenttypes")]
public class ContentType
{
    public int Id { get; set; }
    public required string AppLabel { get; set; }

    /// <summary>The entity's type name, lower-cased (<c>featuredpost</c>).</summary>
    public required string Model { get; set; }

    public ICollection<Permission> Permissions { get; } = new List<Permission>();
}
