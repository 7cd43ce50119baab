using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;

namespace PermissionsAdmin.Web.Tests.ObjectPermissions;

/// <summary>
/// Object grants to anyone (issue 17, guardian's anonymous user): a post's view permission granted to anyone lets a
/// visitor who is not signed in read that post at /posts/{id}, and nothing else; granted and removed on the admin's
/// object page and through the API under the same rules; switched off by PermissionsAdmin:AnyoneObjectGrants.
/// </summary>
public sealed class AnyoneGrantTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_post_granted_to_anyone_is_readable_by_visitors_and_only_that_post(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Creators", "ann");
        await site.CreateUserAsync("root", superuser: true);
        var post = await site.AddPostAsync("Ann's post", author);
        var other = await site.AddPostAsync("Another post", author);
        var url = $"/admin/objects/blog/post/{post}";
        var visitor = site.NewBrowser();
        static void SentToSignIn(Page page) => Assert.True(page.Status == HttpStatusCode.Redirect && page.Location!.Contains("/account/login"), page.ToString());

        // Before: a visitor is asked to sign in, whether or not the post exists.
        SentToSignIn(await visitor.GetAsync($"/posts/{post}"));
        SentToSignIn(await visitor.GetAsync("/posts/987654"));

        var root = await site.SignedInAsync("root");
        var page = await root.GetAsync(url);
        Assert.Contains("id=\"id_kind_anyone\"", page.Html);
        Assert.Contains("Only the users and groups below hold permissions on this post.", page.Html);
        page = await root.FollowAsync(await root.PostAsync(url + "/grant", page.Token, ("Kind", "anyone"), ("Name", ""), ("Permission", "blog.view_post")));
        Assert.Equal("Granted blog.view_post on “Ann's post” to anyone.", page.Success);
        Assert.Equal(["blog.view_post"], AnyonePermissions(page));
        Assert.Contains("anyone: blog.view_post", await site.GrantsOnPostAsync(post));

        // The visitor reads that post, and nothing else: not the other post, not its edit page, not the list.
        var shown = await visitor.GetAsync($"/posts/{post}");
        Assert.True(shown.Status == HttpStatusCode.OK, shown.ToString());
        Assert.Contains("<h1 class=\"text-break\">Ann&#x27;s post</h1>", shown.Html);
        Assert.Contains("By ann", shown.Text);
        Assert.DoesNotContain($"/posts/{post}/edit", shown.Html);
        SentToSignIn(await visitor.GetAsync($"/posts/{other}"));
        SentToSignIn(await visitor.GetAsync($"/posts/{post}/edit"));
        SentToSignIn(await visitor.GetAsync($"/posts/{post}/delete"));
        SentToSignIn(await visitor.GetAsync("/posts"));
        // A signed-in member without view_post reads it too; the author still sees her own buttons.
        await site.CreateUserAsync("bob");
        var bob = await site.SignedInToSiteAsync("bob");
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/posts/{post}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"/posts/{other}")).Status);
        // Holding view_post on one post, bob is told that a missing one is missing, as its grant holders are.
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/posts/987654")).Status);
        Assert.Contains($"/posts/{post}/edit", (await (await site.SignedInToSiteAsync("ann")).GetAsync($"/posts/{post}")).Html);

        // Anything but the view permission is refused, and changes nothing.
        var refused = await root.PostAsync(url + "/grant", page.Token, ("Kind", "anyone"), ("Permission", "blog.change_post"));
        Assert.Contains("Only blog.view_post can be granted to anyone, not blog.change_post. Nothing was changed.", refused.Errors);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync($"/posts/{post}/edit")).Status);

        // In the object's history, and in the delete confirmation of the post.
        var history = await root.GetAsync(url + "/history");
        Assert.Contains("Granted anyone: blog.view_post", history.Text);
        var confirmation = await (await site.SignedInToSiteAsync("ann")).GetAsync($"/posts/{post}/delete");
        Assert.Contains("anyone: blog.view_post on Ann's post", confirmation.Text);

        // Removed: the visitor is asked to sign in again.
        page = await root.FollowAsync(await root.PostAsync(url + "/revoke", page.Token, ("kind", "anyone"), ("permission", "blog.view_post")));
        Assert.Equal("Removed blog.view_post on “Ann's post” from anyone.", page.Success);
        Assert.Empty(AnyonePermissions(page));
        SentToSignIn(await visitor.GetAsync($"/posts/{post}"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_grants_and_removes_for_anyone_under_the_same_rules(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        var bob = await site.CreateUserAsync("bob");
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("chief", "blog.change_post"); // may manage the post's grants, holds no view_post
        var post = await site.AddPostAsync("Ann's post", author);
        var url = $"/api/v1/object-permissions/blog.post/{post}";
        var root = await ApiClient.SignedInAsync(site, "root");

        var before = await site.GrantsOnPostAsync(post);
        async Task Refused(ApiClient client, object body, HttpStatusCode status, string field, string message)
        {
            var response = await client.PostAsync(url, body);
            Assert.True(response.Status == status, response.ToString());
            Assert.Contains(response.ErrorsFor(field), m => m.Contains(message, StringComparison.Ordinal));
            Assert.Equal(before, await site.GrantsOnPostAsync(post));
        }
        await Refused(root, new { permission = "blog.change_post", anyone = true }, HttpStatusCode.BadRequest, "permission",
            "Only blog.view_post can be granted to anyone, not blog.change_post.");
        await Refused(root, new { permission = "blog.view_post", anyone = true, userId = bob.Id }, HttpStatusCode.BadRequest, "userId", "give exactly one");
        var chief = await ApiClient.SignedInAsync(site, "chief");
        var denied = await chief.PostAsync(url, new { permission = "blog.view_post", anyone = true });
        Assert.True(denied.Status == HttpStatusCode.Forbidden, denied.ToString());
        Assert.Equal(before, await site.GrantsOnPostAsync(post));

        Assert.Equal(HttpStatusCode.NoContent, (await root.PostAsync(url, new { permission = "blog.view_post", anyone = true })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await root.PostAsync(url, new { permission = "blog.view_post", anyone = true })).Status); // held: nothing changes
        Assert.Equal(["blog.view_post"], (await root.GetAsync(url)).Json.GetProperty("anyone").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await site.NewBrowser().GetAsync($"/posts/{post}")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"{url}/anyone/blog.view_post")).Status);
        Assert.Empty((await root.GetAsync(url)).Json.GetProperty("anyone").EnumerateArray());
        Assert.Equal(before, await site.GrantsOnPostAsync(post));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Switched_off_grants_to_anyone_have_no_effect_and_cannot_be_added(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["PermissionsAdmin:AnyoneObjectGrants"] = "false" }));
        var author = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("root", superuser: true);
        var post = await site.AddPostAsync("Ann's post", author);
        await site.QueryAsync(async db =>
        {
            // A grant made while they were switched on.
            var view = db.Permissions.Single(p => p.Codename == "view_post" && p.ContentType.AppLabel == "blog");
            db.AnyoneObjectPermissions.Add(new() { PermissionId = view.Id, ContentTypeId = view.ContentTypeId, ObjectId = post });
            return await db.SaveChangesAsync();
        });
        var url = $"/admin/objects/blog/post/{post}";

        var visitor = await site.NewBrowser().GetAsync($"/posts/{post}");
        Assert.True(visitor.Status == HttpStatusCode.Redirect && visitor.Location!.Contains("/account/login"), visitor.ToString());

        var root = await site.SignedInAsync("root");
        var page = await root.GetAsync(url);
        Assert.DoesNotContain("id=\"id_kind_anyone\"", page.Html);
        Assert.Contains("Grants to anyone are switched off on this site", page.Html);
        Assert.Equal(["blog.view_post"], AnyonePermissions(page)); // listed, so it can be removed
        var refused = await root.PostAsync(url + "/grant", page.Token, ("Kind", "anyone"), ("Permission", "blog.view_post"));
        Assert.Contains("Grants to anyone are switched off on this site (PermissionsAdmin:AnyoneObjectGrants). Nothing was changed.", refused.Errors);
        page = await root.FollowAsync(await root.PostAsync(url + "/revoke", page.Token, ("kind", "anyone"), ("permission", "blog.view_post")));
        Assert.Equal("Removed blog.view_post on “Ann's post” from anyone.", page.Success);
        Assert.DoesNotContain("anyone: blog.view_post", await site.GrantsOnPostAsync(post));
    }

    /// <summary>The permissions listed in the page's "Anyone" card.</summary>
    private static List<string> AnyonePermissions(Page page) =>
        Regex.Matches(Regex.Match(page.Html, "<section class=\"card mb-4\" id=\"anyone\".*?</section>", RegexOptions.Singleline).Value,
            "data-permission=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
}
