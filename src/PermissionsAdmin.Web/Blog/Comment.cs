using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

public class Comment : IVersioned
{
    public int Id { get; set; }
    public int PostId { get; set; }
    public Post Post { get; set; } = null!;
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    [ConcurrencyCheck]
    public Guid Version { get; set; }
}
