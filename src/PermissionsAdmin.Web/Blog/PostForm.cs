using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Web.Blog;

/// <summary>What the new-post and edit forms send.</summary>
public class PostForm
{
    [Required(ErrorMessage = "Enter a title.")]
    [StringLength(Post.MaxTitleLength, ErrorMessage = "Keep the title to {1} characters or fewer.")]
    [PlainText("title")]
    public string? Title { get; set; }

    [DataType(DataType.MultilineText)]
    [PlainText("text", Multiline = true)]
    public string? Body { get; set; }
}

/// <summary>The edit form, which also says whether the title may be changed (never taken from the request).</summary>
public sealed class EditPostForm : PostForm
{
    [BindNever]
    public int Id { get; set; }

    [BindNever]
    public bool CanChangeTitle { get; set; }

    /// <summary>The post's version when the form was opened: a save over someone else's since is refused.</summary>
    public Guid? Version { get; set; }
}

/// <summary>One row of the working list at /posts: the post itself (its buttons are checked on it) and its author's name.</summary>
public sealed record PostListItem(Post Post, string? AuthorName);

/// <summary>The delete confirmation: the post and what goes with it.</summary>
public sealed record DeletePostPage(Post Post, PermissionsAdmin.Admin.Entities.DeletionPlan Plan);
