using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Model;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// A blog post. Besides the default four permissions: publishing and featuring are their own jobs, and changing the
/// title is a field-level permission (holders of change_post may edit the body; only these may retitle).
/// </summary>
[ExtraPermission("publish_post", "Can publish post")]
[ExtraPermission("feature_post", "Can feature post")]
[ExtraPermission("change_post_title", "Can change post title")]
public class Post : IVersioned
{
    public const int MaxTitleLength = 200;

    public int Id { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public bool IsPublished { get; set; }
    public bool IsFeatured { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public int? AuthorId { get; set; }
    public PermissionsUser? Author { get; set; }
    public ICollection<Comment> Comments { get; } = new List<Comment>();

    [ConcurrencyCheck]
    public Guid Version { get; set; }
}
