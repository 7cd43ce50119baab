using PermissionsAdmin.Model;

namespace PermissionsAdmin.Scenarios.Objects;

/// <summary>A blog post, as in the demo site: its author holds change and delete grants on it.</summary>
[PermissionApp("blog")]
public class Post
{
    public int Id { get; set; }
    public required string Title { get; set; }
}
