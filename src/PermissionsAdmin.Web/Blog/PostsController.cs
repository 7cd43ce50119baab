using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// The working list of posts and the forms that change them. Every action names the permission it needs; the
/// buttons for them are also hidden in the views, but that is only a courtesy. Editing and deleting are checked on
/// the post itself: authors hold change and delete on their own posts (<see cref="PostAuthorship"/>), editors hold
/// change on every post (model-level, which covers each object).
/// </summary>
[Route("posts")]
public sealed class PostsController(
    AppDbContext db, PostEditor editor, PostAuthorship authorship, IObjectPermissionChecker objects, UserManager<PermissionsUser> users,
    AdminEntities entities, PermissionCatalogue catalogue) : Controller
{
    public const int PageSize = 20;

    [HttpGet("")]
    [PermissionRequired("blog.view_post")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken cancellationToken = default)
    {
        var posts = db.Posts.AsNoTracking()
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Select(p => new PostListItem(p, p.Author != null ? p.Author.UserName : null));
        var list = await PagedList.ReadAsync(posts, page, PageSize, cancellationToken);
        // The rows' Edit and Delete buttons check the user's grants on each post: one query for the whole page.
        await objects.PrefetchAsync(User, list.Items.Select(i => i.Post), cancellationToken);
        return View(list);
    }

    /// <summary>
    /// One post, to whoever may view it: editors (model-level), the post's own grants, and visitors who are not signed
    /// in when the post is granted to anyone (<c>blog.view_post</c> on its object-permissions page).
    /// </summary>
    [HttpGet("{id:int}")]
    [ObjectPermissionRequired(typeof(Post), "blog.view_post")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var post = HttpContext.GetCheckedObject<Post>();
        var author = await db.Users.Where(u => u.Id == post.AuthorId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        return View(new PostListItem(post, author));
    }

    [HttpGet("new")]
    [PermissionRequired("blog.add_post")]
    public IActionResult New() => View(new PostForm());

    [HttpPost("new")]
    [PermissionRequired("blog.add_post")]
    public async Task<IActionResult> New(PostForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return View(form);
        var post = new Post { Title = form.Title!.Trim(), Body = form.Body ?? "" };
        await authorship.CreateAsync(post, await users.GetUserAsync(User), cancellationToken);
        TempData.SetStatusMessage($"Post “{post.Title}” created.");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/edit")]
    [ObjectPermissionRequired(typeof(Post), "blog.change_post")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var post = HttpContext.GetCheckedObject<Post>();
        return View(new EditPostForm
        {
            Id = post.Id,
            Title = post.Title,
            Body = post.Body,
            CanChangeTitle = await editor.CanChangeTitleAsync(User, cancellationToken),
            Version = post.Version,
        });
    }

    [HttpPost("{id:int}/edit")]
    [ObjectPermissionRequired(typeof(Post), "blog.change_post")]
    public async Task<IActionResult> Edit(int id, EditPostForm form, CancellationToken cancellationToken)
    {
        var post = HttpContext.GetCheckedObject<Post>();
        form.Id = id;
        form.CanChangeTitle = await editor.CanChangeTitleAsync(User, cancellationToken);
        if (!form.CanChangeTitle)
        {
            // The read-only field posts nothing, and a forged title is not this user's to set: keep the stored one.
            ModelState.Remove(nameof(form.Title));
            form.Title = post.Title;
        }
        if (form.Version is not { } version) return BadRequest(); // the page always sends it
        if (!ModelState.IsValid) return View(form);
        try
        {
            await editor.UpdateAsync(User, post, version, form.Title, form.Body, cancellationToken);
        }
        catch (ConcurrencyConflictException conflict)
        {
            ModelState.AddModelError("", conflict.Message);
            var refused = View(form);
            refused.StatusCode = StatusCodes.Status409Conflict;
            return refused;
        }
        TempData.SetStatusMessage($"Post “{post.Title}” saved.");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The confirmation: everything the delete takes with it (comments, object grants), as the admin lists it.</summary>
    [HttpGet("{id:int}/delete")]
    [ObjectPermissionRequired(typeof(Post), "blog.delete_post")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var post = HttpContext.GetCheckedObject<Post>();
        return View(new DeletePostPage(post, await PlanDeletionAsync(post, cancellationToken)));
    }

    [HttpPost("{id:int}/delete")]
    [ObjectPermissionRequired(typeof(Post), "blog.delete_post")]
    public async Task<IActionResult> DeleteConfirmed(int id, CancellationToken cancellationToken)
    {
        var post = HttpContext.GetCheckedObject<Post>();
        var plan = await PlanDeletionAsync(post, cancellationToken);
        plan.RemoveAll(db); // with its comments; their object grants go in the same SaveChanges
        await db.SaveChangesAsync(cancellationToken);
        TempData.SetStatusMessage($"Post “{post.Title}” deleted.");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>
    /// Whoever may delete the post may delete what belongs to it: its comments go with it, whatever the user holds on
    /// comments (the admin, which deletes any type, asks for delete_comment too).
    /// </summary>
    private Task<DeletionPlan> PlanDeletionAsync(Post post, CancellationToken cancellationToken) =>
        DeletionPlan.CollectAsync(db, entities, catalogue, mayDelete: _ => true, db.Model.FindEntityType(typeof(Post))!, [post], cancellationToken);

    /// <summary>Publishes the post, or with <c>published=false</c> takes it back to draft.</summary>
    [HttpPost("{id:int}/publish")]
    [PermissionRequired("blog.publish_post")]
    public async Task<IActionResult> Publish(int id, bool published = true, CancellationToken cancellationToken = default)
    {
        if (!ModelState.IsValid) return BadRequest(); // published=maybe is refused, not taken for the default (true)
        var post = await db.Posts.FindAsync([id], cancellationToken);
        if (post is null) return NotFound();
        await editor.ChangeAsync(post, expectedVersion: null, changed => changed.IsPublished = published, cancellationToken);
        TempData.SetStatusMessage(published ? $"Post “{post.Title}” published." : $"Post “{post.Title}” is a draft again.");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Features the post, or with <c>featured=false</c> stops featuring it.</summary>
    [HttpPost("{id:int}/feature")]
    [PermissionRequired("blog.feature_post")]
    public async Task<IActionResult> Feature(int id, bool featured = true, CancellationToken cancellationToken = default)
    {
        if (!ModelState.IsValid) return BadRequest(); // featured=maybe is refused, not taken for the default (true)
        var post = await db.Posts.FindAsync([id], cancellationToken);
        if (post is null) return NotFound();
        await editor.ChangeAsync(post, expectedVersion: null, changed => changed.IsFeatured = featured, cancellationToken);
        TempData.SetStatusMessage(featured ? $"Post “{post.Title}” featured." : $"Post “{post.Title}” is no longer featured.");
        return RedirectToAction(nameof(Index));
    }
}
