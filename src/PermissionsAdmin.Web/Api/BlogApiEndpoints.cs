using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Api;

/// <summary>The minimal-API side of the site: the same permissions through <c>RequirePermission</c>.</summary>
public static class BlogApiEndpoints
{
    public const int PhotosPageSize = 100;

    public static IEndpointRouteBuilder MapBlogApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapJsonApiGroup("/api").AcceptPersonalAccessTokens();

        // Newest first, a page at a time (?page=2 for more), like /api/posts.
        api.MapGet("/photos", async (AppDbContext db, CancellationToken cancellationToken, int page = 1) =>
            (await db.Photos.AsNoTracking().OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
                .Skip((Math.Max(page, 1) - 1) * PhotosPageSize).Take(PhotosPageSize)
                .Select(p => new { p.Id, p.Title, p.CreatedAt }).ToListAsync(cancellationToken))
            .Select(p => new PhotoSummary(p.Id, p.Title, $"/photos/{p.Id}/image", p.CreatedAt)))
            .RequirePermission("blog.view_photo");

        // For whoever looks after the posts: editors (change) and publishers alike.
        api.MapGet("/dashboard", async (AppDbContext db, CancellationToken cancellationToken) =>
            new DashboardCounts(
                Posts: await db.Posts.CountAsync(cancellationToken),
                PublishedPosts: await db.Posts.CountAsync(p => p.IsPublished, cancellationToken),
                DraftPosts: await db.Posts.CountAsync(p => !p.IsPublished, cancellationToken),
                FeaturedPosts: await db.Posts.CountAsync(p => p.IsFeatured, cancellationToken),
                Photos: await db.Photos.CountAsync(cancellationToken)))
            .RequireAnyPermission("blog.change_post", "blog.publish_post");

        return endpoints;
    }
}
