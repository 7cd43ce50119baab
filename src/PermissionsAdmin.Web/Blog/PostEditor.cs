using System.Security.Claims;
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

    public async Task UpdateAsync(
        ClaimsPrincipal user, Post post, string? title, string? body, CancellationToken cancellationToken = default)
    {
        if (title is not null && await CanChangeTitleAsync(user, cancellationToken)) post.Title = title.Trim();
        post.Body = body ?? "";
        await db.SaveChangesAsync(cancellationToken);
    }
}
