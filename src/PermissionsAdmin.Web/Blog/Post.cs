using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Web.Blog;

[ExtraPermission("publish_post", "Can publish post")]
public class Post
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public bool IsPublished { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public int? AuthorId { get; set; }
    public PermissionsUser? Author { get; set; }
    public ICollection<Comment> Comments { get; } = new List<Comment>();
}
