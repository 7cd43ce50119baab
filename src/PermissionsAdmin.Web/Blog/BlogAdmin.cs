using PermissionsAdmin.Admin.Entities;

namespace PermissionsAdmin.Web.Blog;

/// <summary>The blog's entities in /admin (/admin/blog/post and so on).</summary>
public static class BlogAdmin
{
    public static IServiceCollection AddBlogAdmin(this IServiceCollection services) => services
        .AddEntityAdmin<Post>(post => post
            .List(p => p.Title, p => p.Author, p => p.IsPublished, p => p.IsFeatured, p => p.CreatedAt)
            .Search(p => p.Title, p => p.Body)
            .Filter(p => p.IsPublished, p => p.IsFeatured, p => p.CreatedAt)
            .OrderBy(p => p.CreatedAt, descending: true)
            .Fieldset("Content", p => p.Title, p => p.Body)
            .Fieldset("Publishing", p => p.Author, p => p.IsPublished, p => p.IsFeatured, p => p.CreatedAt)
            .ReadOnly(p => p.CreatedAt)
            .FieldPermission(p => p.Title, PostEditor.ChangeTitlePermission)
            .FieldPermission(p => p.IsPublished, "blog.publish_post")
            .FieldPermission(p => p.IsFeatured, "blog.feature_post")
            .Display(p => p.Title)
            .Inline(p => p.Comments, extra: 1)
            .ObjectPermissions() // authors hold change and delete on their own posts (PostAuthorship)
            .PerPage(50))
        .AddEntityAdmin<Comment>(comment => comment
            .List(c => c.AuthorName, c => c.Post, c => c.CreatedAt)
            .Search(c => c.AuthorName, c => c.Text)
            .Filter(c => c.CreatedAt)
            .OrderBy(c => c.CreatedAt, descending: true)
            .ReadOnly(c => c.CreatedAt)
            .Display(c => $"{c.AuthorName}: {(c.Text.Length > 40 ? c.Text[..40] + "…" : c.Text)}"))
        // The image goes through the site's own checks and storage (PhotoStore), as on the upload page.
        .AddEntityAdmin<Photo>(photo => photo
            .List(p => p.Title, p => p.CreatedAt)
            .Search(p => p.Title)
            .File<PhotoStore>(p => p.Url)
            .ReadOnly(p => p.CreatedAt)
            .Display(p => p.Title))
        .AddEntityAdmin<SiteNotice>(notice => notice.Display(n => n.Text.Length > 60 ? n.Text[..60] + "…" : n.Text));
}
