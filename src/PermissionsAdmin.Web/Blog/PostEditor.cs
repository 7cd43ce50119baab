using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// Changes posts, for the site's pages and the API alike. Title and body follow the field-level rule: only holders of
/// <see cref="ChangeTitlePermission"/> may change the title; from anyone else a new title is ignored.
/// </summary>
public sealed class PostEditor(AppDbContext db, IPermissionChecker permissions)
{
    public const string ChangeTitlePermission = "blog.change_post_title";

    public Task<bool> CanChangeTitleAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        permissions.HasPermissionAsync(user, ChangeTitlePermission, cancellationToken);

    public async Task UpdateAsync(
        ClaimsPrincipal user, Post post, Guid? expectedVersion, string? title, string? body, CancellationToken cancellationToken = default)
    {
        var retitle = title is not null && await CanChangeTitleAsync(user, cancellationToken);
        await ChangeAsync(post, expectedVersion, changed =>
        {
            if (retitle) changed.Title = title!.Trim();
            changed.Body = body ?? "";
        }, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the tracked <paramref name="post"/> and saves it. With
    /// <paramref name="expectedVersion"/> (the version the editor read), a post saved by someone else since is refused
    /// with <see cref="ConcurrencyConflictException"/>; without it, a save that races another is applied again to the
    /// post as the other left it.
    /// </summary>
    public Task ChangeAsync(Post post, Guid? expectedVersion, Action<Post> change, CancellationToken cancellationToken = default)
    {
        var stored = post.Title;
        return db.RetryWhenUnconditionalAsync(expectedVersion is null, async () =>
        {
            change(post);
            if (expectedVersion is { } version) db.Entry(post).Property(p => p.Version).OriginalValue = version;
            await db.SaveChangesAsync(cancellationToken);
        }, () => new ConcurrencyConflictException($"Someone else changed the post “{stored}” since you opened it; nothing was saved. Reload and try again."));
    }
}
