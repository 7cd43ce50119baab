using PermissionsAdmin.Model;


namespace PermissionsAdmin.Web.Blog;

/// <summary>Notices are edited in place, never added or deleted: only view and change permissions.</summary>
[DefaultPermissions(DefaultPermissions.View | DefaultPermissions.Change)]
public class SiteNotice
{
    public int Id { get; set; }
    public required string Text { get; set; }
}
