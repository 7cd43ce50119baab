using System.ComponentModel;

namespace PermissionsAdmin.Web.Blog;

/// <summary>The display name shows in permission names: "Can add holiday photo".</summary>
[DisplayName("holiday photo")]
public class Photo
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Url { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
