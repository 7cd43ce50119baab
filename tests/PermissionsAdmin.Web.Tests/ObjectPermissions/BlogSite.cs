using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Model;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.ObjectPermissions;

/// <summary>The blog side of <see cref="AdminSite"/>: posts written through the site's own rule, and sign-in at /account/login.</summary>
internal static class BlogSite
{
    /// <summary>A post by <paramref name="author"/> (who gets change and delete on it, as on the site), or by nobody; returns its id.</summary>
    public static Task<int> AddPostAsync(this AdminSite site, string title, PermissionsUser? author = null, DateTime? createdAt = null) =>
        site.InScopeAsync(async services =>
        {
            var post = new Post { Title = title, Body = $"The body of {title}.", CreatedAt = createdAt ?? DateTime.UtcNow };
            await services.GetRequiredService<PostAuthorship>().CreateAsync(post, author);
            return post.Id;
        });

    /// <summary>A browser signed in through the site's own form (for members who are not staff).</summary>
    public static async Task<AdminBrowser> SignedInToSiteAsync(this AdminSite site, string userName)
    {
        var browser = site.NewBrowser();
        var response = await browser.SubmitAsync("/account/login", "/account/login",
            ("UserNameOrEmail", userName), ("Password", AdminSite.Password));
        Assert.True(response.Status == HttpStatusCode.Redirect, $"{userName} could not sign in: {response}");
        return browser;
    }

    /// <summary>
    /// The object grants on the post, as sorted "user ann: blog.change_post", "group Editors: blog.delete_post" and
    /// "anyone: blog.view_post".
    /// </summary>
    public static Task<List<string>> GrantsOnPostAsync(this AdminSite site, int postId) => site.QueryAsync(async db =>
    {
        var users = await db.UserObjectPermissions
            .Where(g => g.ObjectId == postId && g.ContentType.AppLabel == "blog" && g.ContentType.Model == "post")
            .Select(g => "user " + g.User.UserName + ": blog." + g.Permission.Codename).ToListAsync();
        var groups = await db.GroupObjectPermissions
            .Where(g => g.ObjectId == postId && g.ContentType.AppLabel == "blog" && g.ContentType.Model == "post")
            .Select(g => "group " + g.Group.Name + ": blog." + g.Permission.Codename).ToListAsync();
        var anyone = await db.AnyoneObjectPermissions
            .Where(g => g.ObjectId == postId && g.ContentType.AppLabel == "blog" && g.ContentType.Model == "post")
            .Select(g => "anyone: blog." + g.Permission.Codename).ToListAsync();
        return users.Concat(groups).Concat(anyone).Order(StringComparer.Ordinal).ToList();
    });

    public static Task<Post?> FindPostAsync(this AdminSite site, int id) =>
        site.QueryAsync(db => db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id));
}
