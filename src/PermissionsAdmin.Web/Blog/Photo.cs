using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace PermissionsAdmin.Web.Blog;

/// <summary>The display name shows in permission names: "Can add holiday photo".</summary>
[DisplayName("holiday photo")]
public class Photo
{
    public const int MaxTitleLength = 200;

    public int Id { get; set; }
    public required string Title { get; set; }

    /// <summary>The stored file's name in the <see cref="PhotoStore"/>; served at /photos/{Id}/image.</summary>
    [Display(Name = "Image")]
    public required string Url { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
