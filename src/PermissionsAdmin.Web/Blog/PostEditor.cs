using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// Changes a post's title and body under the field-level rule, for the edit form and the API alike: only holders of
/// <see cref="ChangeTitlePermission"/> may change the title; from anyone else a new title is ignored.
/// </summary>
public sealed class PostEditor(AppDbContext db, IPermissionChecker permissions)
{
    public const string ChangeTitlePermission = "blog.change_post_title";

    public Task<bool> CanChangeTitleAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        permissions.HasPermissionAsync(user, ChangeTitlePermission, cancellationToken);

    /// <summary>
    /// Saves the post. With <paramref name="expectedVersion"/> (the version the editor read), a post saved by someone
    /// else in between is refused with <see cref="ConcurrencyConflictException"/>; without it the save is unconditional.
    /// </summary>
    public async Task UpdateAsync(
        ClaimsPrincipal user, Post post, Guid? expectedVersion, string? title, string? body, CancellationToken cancellationToken = default)
    {
        var stored = post.Title;
        if (title is not null && await CanChangeTitleAsync(user, cancellationToken)) post.Title = title.Trim();
        post.Body = body ?? "";
        if (expectedVersion is { } version) db.Entry(post).Property(p => p.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(
                $"Someone else changed the post “{stored}” since you opened it; nothing was saved. Reload and try again.");
        }
    }
}
