using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Blog;

/// <summary>
/// Authors edit their own posts: a new post is saved together with its author's object grants of
/// <see cref="AuthorPermissions"/> on it, in one transaction. Creators hold no model-level change or delete of posts,
/// so under the delegation rules they could not grant these themselves: the grant is made by the system.
/// </summary>
public sealed class PostAuthorship(AppDbContext db, ObjectPermissionAdministration grants, ActorAccessor actors)
{
    public static IReadOnlyList<string> AuthorPermissions { get; } = ["blog.change_post", "blog.delete_post"];

    /// <summary>Saves <paramref name="post"/> and, when it has an author, grants them <see cref="AuthorPermissions"/> on it.</summary>
    public Task CreateAsync(Post post, PermissionsUser? author, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(async () =>
        {
            post.AuthorId = author?.Id;
            db.Posts.Add(post);
            await db.SaveChangesAsync(cancellationToken);
            if (author is not null) await GrantAuthorAsync(post, author);
        }, cancellationToken);

    /// <summary>
    /// Grants <paramref name="author"/> <see cref="AuthorPermissions"/> on the saved <paramref name="post"/>. In a request the
    /// system acts ("post author grant", on the request's channel); outside one (CLI, startup) the current system actor.
    /// </summary>
    public async Task GrantAuthorAsync(Post post, PermissionsUser author)
    {
        var current = actors.Current;
        using var actor = current.IsSystem ? null : actors.ActAs(Actor.System(current.Channel, "post author grant"));
        foreach (var permission in AuthorPermissions) await grants.AssignAsync(permission, author, post);
    }
}
