namespace PermissionsAdmin.Model;

/// <summary>A permission granted to one user on one object (content type + integer key).</summary>
[DefaultPermissions(DefaultPermissions.None)]
public class UserObjectPermission
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public PermissionsUser User { get; set; } = null!;
    public int PermissionId { get; set; }
    public Permission Permission { get; set; } = null!;
    public int ContentTypeId { get; set; }
    public ContentType ContentType { get; set; } = null!;

    /// <summary>The object's key, typed like the entity's key so list filters need no cast.</summary>
    public int ObjectId { get; set; }
}

/// <summary>A permission granted to every member of a group on one object.</summary>
[DefaultPermissions(DefaultPermissions.None)]
public class GroupObjectPermission
{
    public long Id { get; set; }
    public int GroupId { get; set; }
    public PermissionsGroup Group { get; set; } = null!;
    public int PermissionId { get; set; }
    public Permission Permission { get; set; } = null!;
    public int ContentTypeId { get; set; }
    public ContentType ContentType { get; set; } = null!;
    public int ObjectId { get; set; }
}

/// <summary>
/// A permission granted to anyone on one object: every visitor, signed in or not (guardian's anonymous user). Only a
/// view permission may be granted so (<c>ObjectPermissionAdministration.AssignToAnyoneAsync</c>), and only
/// while <see cref="PermissionsAdminOptions.AnyoneObjectGrants"/> is on.
/// </summary>
[DefaultPermissions(DefaultPermissions.None)]
public class AnyoneObjectPermission
{
    public long Id { get; set; }
    public int PermissionId { get; set; }
    public Permission Permission { get; set; } = null!;
    public int ContentTypeId { get; set; }
    public ContentType ContentType { get; set; } = null!;
    public int ObjectId { get; set; }
}
