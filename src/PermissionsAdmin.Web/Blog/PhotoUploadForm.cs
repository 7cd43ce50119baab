using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Web.Blog;

/// <summary>What the upload form sends; the file itself is checked by <see cref="PhotoStore.FindProblemAsync"/>.</summary>
public sealed class PhotoUploadForm
{
    [Required(ErrorMessage = "Enter a title.")]
    [StringLength(Photo.MaxTitleLength, ErrorMessage = "Keep the title to {1} characters or fewer.")]
    [PlainText("title")]
    public string? Title { get; set; }

    [Display(Name = "Image")]
    public IFormFile? File { get; set; }
}

/// <summary>One photo of the grid at /photos.</summary>
public sealed record PhotoListItem(int Id, string Title, DateTime CreatedAt);
