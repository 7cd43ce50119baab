using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.ObjectPermissions;

/// <summary>
/// /admin/objects/{app}/{model}/{id} (issue 5): the users and groups holding grants on one object, grants added and
/// removed under the delegation rules, and the object's history. Staff only, then change permission on the type
/// (403 before 404).
/// </summary>
public sealed class ObjectPermissionsPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_page_needs_staff_then_change_on_the_type_before_it_says_whether_the_object_exists(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Creators", "ann");
        var post = await site.AddPostAsync("Ann's post", author);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("clerk", "auth.view_user"); // staff, but no change on posts
        await site.CreateStaffAsync("chief", "blog.change_post");
        await site.CreateStaffAsync("viewer", "blog.view_post");
        var url = $"/admin/objects/blog/post/{post}";
        const string missing = "/admin/objects/blog/post/987654";

        // Anonymous visitors and non-staff members (even the post's author) are sent to the admin's sign-in.
        var anonymous = await site.NewBrowser().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
        Assert.Equal("/admin/login?returnUrl=" + Uri.EscapeDataString(url), anonymous.Location);
        var member = await site.SignedInToSiteAsync("ann");
        Assert.Equal(HttpStatusCode.Redirect, (await member.GetAsync(url)).Status);

        // Staff without blog.change_post: 403 whether or not the post exists, for the page, its history and its forms.
        foreach (var userName in new[] { "clerk", "viewer" })
        {
            var browser = await site.SignedInAsync(userName);
            foreach (var path in new[] { url, missing, url + "/history", missing + "/history" })
            {
                var page = await browser.GetAsync(path);
                Assert.True(page.Status == HttpStatusCode.Forbidden, $"{userName} GET {path}: {page}");
                Assert.Contains("Permission denied", page.Html);
            }
            var token = (await browser.GetAsync("/admin")).Token;
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync(url + "/grant", token, ("Kind", "user"), ("Name", userName), ("Permission", "blog.change_post"))).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync(url + "/revoke", token, ("kind", "user"), ("holderId", author.Id.ToString(CultureInfo.InvariantCulture)), ("permission", "blog.change_post"))).Status);
        }
        Assert.Equal(["user ann: blog.change_post", "user ann: blog.delete_post"], await site.GrantsOnPostAsync(post));

        // With blog.change_post (or as a superuser): the page, and 404 for a post that does not exist.
        foreach (var userName in new[] { "chief", "root" })
        {
            var browser = await site.SignedInAsync(userName);
            var page = await browser.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.OK, $"{userName}: {page}");
            Assert.Contains("Object permissions: Ann&#x27;s post", page.Html);
            var notFound = await browser.GetAsync(missing);
            Assert.Equal(HttpStatusCode.NotFound, notFound.Status);
            Assert.Contains("There is no post with this id.", notFound.Html);
            // A type that is not in the catalogue (or has no single int key) is not found either.
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/objects/blog/nothing/{post}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/objects/blog/post/abc")).Status);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_superuser_adds_and_removes_user_and_group_grants(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("bob");
        await site.AddMemberAsync("Creators", "ann");
        await site.AddMemberAsync("Creators", "bob");
        await site.CreateGroupAsync("Proofreaders");
        await site.CreateUserAsync("root", superuser: true);
        var post = await site.AddPostAsync("Ann's post", author);
        var url = $"/admin/objects/blog/post/{post}";
        var root = await site.SignedInAsync("root");

        var page = await root.GetAsync(url);
        Assert.Equal(["ann"], Holders(page, "user"));
        Assert.Equal(["blog.change_post", "blog.delete_post"], PermissionsOf(page, "user", "ann"));
        Assert.Empty(Holders(page, "group"));
        Assert.Contains("No group holds a permission on this post.", page.Html);
        Assert.Contains($"<a href=\"/admin/users/{author.Id}\">ann</a>", page.Html);
        // Every permission of the post's type is offered, none disabled for a superuser.
        Assert.Equal(["blog.add_post", "blog.change_post", "blog.change_post_title", "blog.delete_post", "blog.feature_post", "blog.publish_post", "blog.view_post"],
            Regex.Matches(page.Html, "<option value=\"(blog\\.[a-z_]+)\"").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("disabled", Regex.Match(page.Html, "<select[^>]*id=\"id_permission\".*?</select>", RegexOptions.Singleline).Value);

        // Bob (a creator: no model-level change) may edit Ann's post once granted it here.
        var bob = await site.SignedInToSiteAsync("bob");
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"/posts/{post}/edit")).Status);
        var granted = await root.PostAsync(url + "/grant", page.Token, ("Kind", "user"), ("Name", "bob"), ("Permission", "blog.change_post"));
        Assert.Equal(HttpStatusCode.Redirect, granted.Status);
        Assert.Equal(url, granted.Location);
        page = await root.FollowAsync(granted);
        Assert.Equal("Granted blog.change_post on “Ann's post” to user “bob”.", page.Success);
        Assert.Equal(["ann", "bob"], Holders(page, "user"));
        Assert.Equal(["blog.change_post"], PermissionsOf(page, "user", "bob"));
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/posts/{post}/edit")).Status);

        // A group, by name (case as typed does not matter).
        page = await root.FollowAsync(await root.PostAsync(url + "/grant", page.Token, ("Kind", "group"), ("Name", "proofreaders"), ("Permission", "blog.change_post_title")));
        Assert.Equal("Granted blog.change_post_title on “Ann's post” to group “Proofreaders”.", page.Success);
        Assert.Equal(["Proofreaders"], Holders(page, "group"));
        Assert.Equal(["blog.change_post_title"], PermissionsOf(page, "group", "Proofreaders"));
        Assert.Equal(
            ["group Proofreaders: blog.change_post_title", "user ann: blog.change_post", "user ann: blog.delete_post", "user bob: blog.change_post"],
            await site.GrantsOnPostAsync(post));

        // Remove buttons: one per holder and permission.
        var groupId = await site.GroupIdAsync("Proofreaders");
        var bobId = (await site.FindUserAsync("bob"))!.Id;
        Assert.Contains($"name=\"holderId\" value=\"{bobId}\"", page.Html);
        page = await root.FollowAsync(await root.PostAsync(url + "/revoke", page.Token, ("kind", "group"), ("holderId", groupId.ToString(CultureInfo.InvariantCulture)), ("permission", "blog.change_post_title")));
        Assert.Equal("Removed blog.change_post_title on “Ann's post” from group “Proofreaders”.", page.Success);
        Assert.Empty(Holders(page, "group"));
        page = await root.FollowAsync(await root.PostAsync(url + "/revoke", page.Token, ("kind", "user"), ("holderId", bobId.ToString(CultureInfo.InvariantCulture)), ("permission", "blog.change_post")));
        Assert.Equal("Removed blog.change_post on “Ann's post” from user “bob”.", page.Success);
        Assert.Equal(["ann"], Holders(page, "user"));
        Assert.Equal(["user ann: blog.change_post", "user ann: blog.delete_post"], await site.GrantsOnPostAsync(post));
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"/posts/{post}/edit")).Status);

        // Bad input is refused on the page, and changes nothing.
        var refused = await root.PostAsync(url + "/grant", page.Token, ("Kind", "user"), ("Name", "nobody"), ("Permission", "blog.change_post"));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("No user named 'nobody'. Nothing was changed.", refused.Errors);
        Assert.Contains("value=\"nobody\"", refused.Html); // the form keeps what was typed
        refused = await root.PostAsync(url + "/grant", page.Token, ("Kind", "user"), ("Name", "bob"), ("Permission", "blog.view_photo"));
        Assert.Contains("Permission 'blog.view_photo' belongs to blog.photo, not to blog.post. Nothing was changed.", refused.Errors);
        refused = await root.PostAsync(url + "/grant", page.Token, ("Kind", "group"), ("Name", ""), ("Permission", "blog.change_post"));
        Assert.Contains("Enter the name of the group. Nothing was changed.", refused.Errors);
        Assert.Equal(["user ann: blog.change_post", "user ann: blog.delete_post"], await site.GrantsOnPostAsync(post));
        // Without the antiforgery token nothing is posted at all.
        Assert.Equal(HttpStatusCode.BadRequest, (await root.PostAsync(url + "/grant", null, ("Kind", "user"), ("Name", "bob"), ("Permission", "blog.change_post"))).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Staff_may_grant_and_remove_only_what_they_hold_on_the_object(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("bob");
        await site.AddMemberAsync("Creators", "ann");
        var post = await site.AddPostAsync("Ann's post", author);
        await site.CreateStaffAsync("chief", "blog.change_post"); // model-level change, no delete
        var url = $"/admin/objects/blog/post/{post}";
        var chief = await site.SignedInAsync("chief");

        var page = await chief.GetAsync(url);
        Assert.Contains("You can grant and remove only permissions you hold on this post yourself.", page.Html);
        Assert.Matches("<option value=\"blog.delete_post\" disabled=\"disabled\">Can delete post \\(blog.delete_post\\) – you do not hold it</option>", page.Html);
        Assert.Matches("<option value=\"blog.change_post\">Can change post \\(blog.change_post\\)</option>", page.Html);
        // Ann's delete grant has no Remove button for chief; her change grant has.
        Assert.Contains("value=\"blog.change_post\"", RevokeForms(page));
        Assert.DoesNotContain("value=\"blog.delete_post\"", RevokeForms(page));

        // Granting what chief does not hold is refused with a clear message; nothing changes.
        var before = await site.GrantsOnPostAsync(post);
        var refused = await chief.PostAsync(url + "/grant", page.Token, ("Kind", "user"), ("Name", "bob"), ("Permission", "blog.delete_post"));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("You cannot grant blog.delete_post on this post: you do not hold it yourself. Nothing was changed.", refused.Errors);
        Assert.Equal(before, await site.GrantsOnPostAsync(post));
        // So is removing it (a forged form: the page shows no button for it).
        var forged = await chief.PostAsync(url + "/revoke", page.Token, ("kind", "user"), ("holderId", author.Id.ToString(CultureInfo.InvariantCulture)), ("permission", "blog.delete_post"));
        page = await chief.FollowAsync(forged);
        Assert.Contains("You cannot grant blog.delete_post on this post: you do not hold it yourself. Nothing was changed.", page.Errors);
        Assert.Equal(before, await site.GrantsOnPostAsync(post));
        Assert.Equal(0, await site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ActorName == "chief")));

        // What chief holds (model-level change covers the post) may be granted and removed.
        page = await chief.FollowAsync(await chief.PostAsync(url + "/grant", page.Token, ("Kind", "user"), ("Name", "bob"), ("Permission", "blog.change_post")));
        Assert.Equal("Granted blog.change_post on “Ann's post” to user “bob”.", page.Success);
        Assert.Contains("user bob: blog.change_post", await site.GrantsOnPostAsync(post));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_objects_history_shows_its_grant_changes(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("bob");
        await site.AddMemberAsync("Creators", "ann");
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("auditor", "admin.view_auditentry");
        var post = await site.AddPostAsync("Ann's post", author);
        var other = await site.AddPostAsync("Another post", author);
        var url = $"/admin/objects/blog/post/{post}";
        var root = await site.SignedInAsync("root");
        var page = await root.GetAsync(url);
        await root.PostAsync(url + "/grant", page.Token, ("Kind", "user"), ("Name", "bob"), ("Permission", "blog.change_post"));
        await root.PostAsync(url + "/grant", page.Token, ("Kind", "group"), ("Name", "Editors"), ("Permission", "blog.delete_post"));
        await root.PostAsync(url + "/revoke", page.Token, ("kind", "user"), ("holderId", author.Id.ToString(CultureInfo.InvariantCulture)), ("permission", "blog.delete_post"));

        // The object's own history, linked from its page.
        page = await root.GetAsync(url);
        Assert.Contains($"href=\"{url}/history\"", page.Html);
        Assert.Contains($"href=\"/admin/history?type=blog.post&amp;id={post}\"", page.Html); // root may see the global log
        var history = await root.GetAsync(url + "/history");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Contains("Change history: Ann's post", history.Text);
        var lines = Lines(history);
        Assert.Equal(
        [
            "Revoked user ann: blog.delete_post",
            "Granted group Editors: blog.delete_post",
            "Granted user bob: blog.change_post",
            "Granted user ann: blog.delete_post",
            "Granted user ann: blog.change_post",
        ], lines);
        Assert.Equal(3, Regex.Count(history.Html, "<td>root <span")); // the author's two were made by the system

        // The global log filters by object too, and links the post to its admin page (registered, it has one).
        var auditor = await site.SignedInAsync("auditor");
        var global = await auditor.GetAsync($"/admin/history?type=blog.post&id={post}");
        Assert.Equal(HttpStatusCode.OK, global.Status);
        Assert.Equal(lines, Lines(global));
        Assert.Contains($"<a href=\"/admin/blog/post/{post}\">Ann&#x27;s post</a>", global.Html);
        Assert.Contains("<option value=\"blog.post\" selected=\"selected\">blog.post</option>", global.Html);
        Assert.Equal(2, Lines(await auditor.GetAsync($"/admin/history?type=blog.post&id={other}")).Count);
        // The auditor may read the log but not manage the post's permissions, so the object page stays closed.
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync(url)).Status);

        // A deleted post is named in the global log, no longer linked.
        await site.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PermissionsAdmin.Web.Data.AppDbContext>();
            db.Posts.Remove((await db.Posts.FindAsync(post))!);
            await db.SaveChangesAsync();
        });
        global = await auditor.GetAsync($"/admin/history?type=blog.post&id={post}");
        Assert.DoesNotContain($"href=\"{url}\"", global.Html);
        Assert.Contains("<span>Ann&#x27;s post</span>", global.Html);
        Assert.Empty(await site.GrantsOnPostAsync(post));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_holders_come_fifty_to_a_page(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var post = await site.AddPostAsync("A popular post");
        var readers = await site.AddUsersAsync(Enumerable.Range(0, 55).Select(i => ($"reader{i:00}", (string?)null)));
        await site.InScopeAsync(async services =>
        {
            var grants = services.GetRequiredService<ObjectPermissionAdministration>();
            var entity = (await services.GetRequiredService<PermissionsAdmin.Web.Data.AppDbContext>().Posts.FindAsync(post))!;
            foreach (var reader in readers) await grants.AssignAsync("blog.view_post", reader, entity);
        });
        var root = await site.SignedInAsync("root");
        var url = $"/admin/objects/blog/post/{post}";

        var first = await root.GetAsync(url);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"reader{i:00}"), Holders(first, "user"));
        Assert.Contains($"href=\"{url}?users=2\"", first.Html);
        var second = await root.GetAsync(url + "?users=2");
        Assert.Equal(Enumerable.Range(50, 5).Select(i => $"reader{i:00}"), Holders(second, "user"));
        Assert.DoesNotContain("rel=\"next\"", second.Html);
    }

    /// <summary>The users or groups listed as holders, in order.</summary>
    private static List<string> Holders(Page page, string kind) =>
        Regex.Matches(page.Html, $"<tr data-holder=\"{kind}:([^\"]+)\">").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>The permissions listed for one holder.</summary>
    private static List<string> PermissionsOf(Page page, string kind, string name)
    {
        var row = Regex.Match(page.Html, $"<tr data-holder=\"{kind}:{Regex.Escape(name)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"{kind} {name} is not listed:\n{page}");
        return Regex.Matches(row.Value, "data-permission=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>The hidden fields of every remove form on the page.</summary>
    private static string RevokeForms(Page page) =>
        string.Join("\n", Regex.Matches(page.Html, "<form method=\"post\"[^>]* action=\"[^\"]+/revoke\".*?</form>", RegexOptions.Singleline).Select(m => m.Value));

    /// <summary>The change lines of a history table, newest first.</summary>
    private static List<string> Lines(Page page) =>
        Regex.Matches(page.Html, "<ul class=\"list-unstyled mb-0 audit-lines\">(.*?)</ul>", RegexOptions.Singleline)
            .SelectMany(list => Regex.Matches(list.Groups[1].Value, "<li>(.*?)</li>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)))
            .ToList();
}
