using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.ObjectPermissions;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>
/// /api/v1/object-permissions/{type}/{id}: the admin object page's rules through the API — change on the type before
/// the object is looked up, and a delegated administrator grants and removes only what they hold on the object.
/// </summary>
public sealed class ObjectPermissionsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Change_on_the_type_is_needed_before_the_api_says_whether_the_object_exists(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        var post = await site.AddPostAsync("Ann's post", author);
        await site.CreateUserAsync("viewer", staff: true, permissions: ["blog.view_post"]);
        await site.CreateUserAsync("chief", staff: true, permissions: ["blog.change_post"]);
        var url = $"/api/v1/object-permissions/blog.post/{post}";
        const string missing = "/api/v1/object-permissions/blog.post/987654";

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient.Anonymous(site).GetAsync(url)).Status);
        var viewer = await ApiClient.SignedInAsync(site, "viewer");
        foreach (var path in new[] { url, missing })
        {
            var refused = await viewer.GetAsync(path);
            Assert.True(refused.Status == HttpStatusCode.Forbidden && refused.IsProblem, refused.ToString());
            Assert.Equal("You need the blog.change_post permission to do this.", refused.Detail);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path + "/users")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(path, new { permission = "blog.view_post", userId = author.Id })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"{path}/users/{author.Id}/blog.change_post")).Status);
        }
        Assert.Equal(["user ann: blog.change_post", "user ann: blog.delete_post"], await site.GrantsOnPostAsync(post));

        var chief = await ApiClient.SignedInAsync(site, "chief");
        var page = await chief.GetAsync(url);
        Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
        Assert.Equal(("blog.post", post, "Ann's post"),
            (page.Json.GetProperty("type").GetString(), page.Json.GetProperty("id").GetInt32(), page.Json.GetProperty("name").GetString()));
        Assert.Equal(["ann: blog.change_post, blog.delete_post"], Holders(page.Json.GetProperty("users")));
        Assert.Empty(Holders(page.Json.GetProperty("groups")));
        Assert.Equal(HttpStatusCode.NotFound, (await chief.GetAsync(missing)).Status);
        // A type that is not in the catalogue is not found, for anyone signed in.
        Assert.Equal(HttpStatusCode.NotFound, (await chief.GetAsync($"/api/v1/object-permissions/blog.nothing/{post}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/v1/object-permissions/blog.nothing/{post}")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_superuser_grants_and_removes_user_and_group_grants_and_bad_input_names_the_field(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        var bob = await site.CreateUserAsync("bob");
        var proofreaders = await site.CreateGroupAsync("Proofreaders");
        await site.CreateUserAsync("root", superuser: true);
        var post = await site.AddPostAsync("Ann's post", author);
        var url = $"/api/v1/object-permissions/blog.post/{post}";
        var root = await ApiClient.SignedInAsync(site, "root");

        Assert.Equal(HttpStatusCode.NoContent, (await root.PostAsync(url, new { permission = "blog.change_post", userId = bob.Id })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await root.PostAsync(url, new { permission = "blog.change_post_title", groupId = proofreaders.Id })).Status);
        Assert.Equal(
            ["group Proofreaders: blog.change_post_title", "user ann: blog.change_post", "user ann: blog.delete_post", "user bob: blog.change_post"],
            await site.GrantsOnPostAsync(post));
        var page = await root.GetAsync(url);
        Assert.Equal(["ann: blog.change_post, blog.delete_post", "bob: blog.change_post"], Holders(page.Json.GetProperty("users")));
        Assert.Equal(["Proofreaders: blog.change_post_title"], Holders(page.Json.GetProperty("groups")));
        Assert.All(page.Json.GetProperty("permissions").EnumerateArray(), p => Assert.True(p.GetProperty("mayGrant").GetBoolean()));

        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"{url}/groups/{proofreaders.Id}/blog.change_post_title")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"{url}/users/{bob.Id}/blog.change_post")).Status);
        Assert.Equal(["user ann: blog.change_post", "user ann: blog.delete_post"], await site.GrantsOnPostAsync(post));

        var before = await site.SnapshotAsync();
        async Task Refused(object body, string field, string message)
        {
            var response = await root.PostAsync(url, body);
            Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
            Assert.Contains(response.ErrorsFor(field), m => m.Contains(message, StringComparison.Ordinal));
        }
        await Refused(new { permission = "blog.view_photo", userId = bob.Id }, "permission", "Permission 'blog.view_photo' belongs to blog.photo, not to blog.post.");
        await Refused(new { permission = "blog.fly_post", userId = bob.Id }, "permission", "Unknown permission 'blog.fly_post'.");
        await Refused(new { userId = bob.Id }, "permission", "Name the permission");
        await Refused(new { permission = "blog.change_post", userId = 987654 }, "userId", "No user with id 987654.");
        await Refused(new { permission = "blog.change_post", groupId = 987654 }, "groupId", "No group with id 987654.");
        await Refused(new { permission = "blog.change_post", userId = bob.Id, groupId = proofreaders.Id }, "userId", "give exactly one");
        Assert.Equal(HttpStatusCode.NotFound, (await root.DeleteAsync($"{url}/users/987654/blog.change_post")).Status);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delegated_admin_grants_and_removes_only_what_they_hold_on_the_object(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateUserAsync("ann");
        var bob = await site.CreateUserAsync("bob");
        var post = await site.AddPostAsync("Ann's post", author);
        await site.CreateUserAsync("chief", staff: true, permissions: ["blog.change_post"]);
        var url = $"/api/v1/object-permissions/blog.post/{post}";
        var chief = await ApiClient.SignedInAsync(site, "chief");

        var page = await chief.GetAsync(url);
        var mayGrant = page.Json.GetProperty("permissions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("permission").GetString()!, p => p.GetProperty("mayGrant").GetBoolean());
        Assert.True(mayGrant["blog.change_post"]);
        Assert.False(mayGrant["blog.delete_post"]);

        var before = await site.GrantsOnPostAsync(post);
        var refused = await chief.PostAsync(url, new { permission = "blog.delete_post", userId = bob.Id });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You cannot grant blog.delete_post on this post: you do not hold it yourself.", refused.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await chief.DeleteAsync($"{url}/users/{author.Id}/blog.delete_post")).Status);
        Assert.Equal(before, await site.GrantsOnPostAsync(post));
        Assert.Equal(0, await site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ActorName == "chief")));

        Assert.Equal(HttpStatusCode.NoContent, (await chief.PostAsync(url, new { permission = "blog.change_post", userId = bob.Id })).Status);
        Assert.Contains("user bob: blog.change_post", await site.GrantsOnPostAsync(post));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_holders_are_paged_by_cursor_and_a_holder_added_meanwhile_does_not_shift_the_pages(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var post = await site.AddPostAsync("A popular post");
        async Task GrantAsync(string userName) => await site.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<PermissionsAdmin.Users.UserAdministration>();
            var entity = (await services.GetRequiredService<PermissionsAdmin.Web.Data.AppDbContext>().Posts.FindAsync(post))!;
            await services.GetRequiredService<ObjectPermissionAdministration>().AssignAsync("blog.view_post", await users.CreateAsync(userName, null, null), entity);
        });
        foreach (var name in new[] { "reader1", "reader2", "reader3" }) await GrantAsync(name);
        var root = await ApiClient.SignedInAsync(site, "root");
        var users = $"/api/v1/object-permissions/blog.post/{post}/users?limit=2";

        var first = await root.GetAsync(users);
        Assert.Equal(["reader1: blog.view_post", "reader2: blog.view_post"], Holders(first.Json));
        await GrantAsync("reader4");
        var second = await root.GetAsync(users + "&cursor=" + first.Json.GetProperty("nextCursor").GetString());
        Assert.Equal(["reader3: blog.view_post", "reader4: blog.view_post"], Holders(second.Json));
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("nextCursor").ValueKind);
    }

    /// <summary>A page of holders as "name: permission, permission".</summary>
    private static List<string> Holders(JsonElement page) =>
        page.GetProperty("items").EnumerateArray()
            .Select(h => $"{h.GetProperty("name").GetString()}: {string.Join(", ", h.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()))}")
            .ToList();
}
