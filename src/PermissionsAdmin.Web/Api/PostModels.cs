using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;
using PermissionsAdmin.Web.Blog;

namespace PermissionsAdmin.Web.Api;

/// <summary>A post in the list.</summary>
public sealed record PostSummary(int Id, string Title, bool IsPublished, bool IsFeatured);

/// <summary>One post in full.</summary>
public sealed record PostDetails(
    int Id, string Title, string Body, bool IsPublished, bool IsFeatured, DateTime CreatedAt, string? Author);

/// <summary>The body of POST and PUT. On PUT a new title is ignored unless the caller may change titles.</summary>
public sealed class PostInput
{
    [Required]
    [StringLength(Post.MaxTitleLength)]
    [PlainText("title")]
    public string? Title { get; set; }

    [PlainText("text", Multiline = true)]
    public string? Body { get; set; }
}

/// <summary>A photo in the list, with the address of its (equally protected) image.</summary>
public sealed record PhotoSummary(int Id, string Title, string ImageUrl, DateTime CreatedAt);

/// <summary>What /api/dashboard counts, for editors and those who publish.</summary>
public sealed record DashboardCounts(int Posts, int PublishedPosts, int DraftPosts, int FeaturedPosts, int Photos);
