using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Api;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Api;

/// <summary>
/// Posts as JSON. The HTTP method picks the permission: GET view_post, POST add_post, PUT change_post, DELETE
/// delete_post. Anonymous callers get a bare 401 and callers without the permission a bare 403.
/// </summary>
[ApiController]
[AcceptsPersonalAccessTokens]
[Route("api/posts")]
[ModelPermissions(typeof(Post))]
// The site's forms carry antiforgery tokens; this API needs none: it takes JSON bodies only, which a cross-site page
// cannot send without a CORS preflight this site never grants, and the sign-in cookie is SameSite=Lax.
[IgnoreAntiforgeryToken]
public sealed class PostsApiController(
    AppDbContext db, PostEditor editor, PostAuthorship authorship, UserManager<PermissionsUser> users) : ControllerBase
{
    public const int PageSize = 100;

    /// <summary>Newest first, <see cref="PageSize"/> per page (<c>?page=2</c> for more).</summary>
    [HttpGet]
    public async Task<IReadOnlyList<PostSummary>> List(int page = 1, CancellationToken cancellationToken = default) =>
        await db.Posts.AsNoTracking()
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((Math.Max(page, 1) - 1) * PageSize).Take(PageSize)
            .Select(p => new PostSummary(p.Id, p.Title, p.IsPublished, p.IsFeatured))
            .ToListAsync(cancellationToken);

    /// <summary>The post, its version as the <c>ETag</c>.</summary>
    [HttpGet("{id:int}")]
    public async Task<ActionResult<PostDetails>> Get(int id, CancellationToken cancellationToken)
    {
        var post = await db.Posts.AsNoTracking().Include(p => p.Author).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return post is null ? NotFound() : Tagged(post);
    }

    [HttpPost]
    public async Task<ActionResult<PostDetails>> Create(PostInput input, CancellationToken cancellationToken)
    {
        // As on the site, the author gets change and delete on their new post.
        var post = new Post { Title = input.Title!.Trim(), Body = input.Body ?? "" };
        await authorship.CreateAsync(post, await users.GetUserAsync(User), cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = post.Id }, Details(post, User.Identity?.Name));
    }

    /// <summary>
    /// Changes title and body; the title stays as it was unless the caller holds blog.change_post_title. With
    /// <c>If-Match</c> (the <c>ETag</c> read), a post saved by someone else since is refused with 412.
    /// </summary>
    [HttpPut("{id:int}")]
    public async Task<ActionResult<PostDetails>> Update(int id, PostInput input, CancellationToken cancellationToken)
    {
        var post = await db.Posts.Include(p => p.Author).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (post is null) return NotFound();
        // A tag that is no version at all stands for one no post has (a fresh Guid): refused like a stale one.
        var expected = ETags.ExpectedStamp(Request) is { } tag ? Guid.TryParse(tag, out var version) ? version : Guid.NewGuid() : (Guid?)null;
        try
        {
            await editor.UpdateAsync(User, post, expected, input.Title, input.Body, cancellationToken);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return Problem(conflict.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else");
        }
        return Tagged(post);
    }

    [HttpDelete("{id:int}")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        // Loaded and removed rather than ExecuteDelete, so its object grants are deleted with it (same SaveChanges).
        var post = await db.Posts.FindAsync([id], cancellationToken);
        if (post is null) return NotFound();
        db.Posts.Remove(post);
        await db.SaveChangesAsync(cancellationToken);
        return NoContent();
    }

    private static PostDetails Details(Post post, string? author) =>
        new(post.Id, post.Title, post.Body, post.IsPublished, post.IsFeatured, post.CreatedAt, author);

    private PostDetails Tagged(Post post) => HttpContext.Tagged(post.Version.ToString(), Details(post, post.Author?.UserName));
}
