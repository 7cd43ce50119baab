using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.ObjectPermissions;

namespace PermissionsAdmin.Web.Tests.Concurrency;

/// <summary>
/// A post's version (its concurrency token, renewed by every save): the site's edit page and the blog API refuse a
/// save over someone else's made since the post was read, and change nothing.
/// </summary>
public sealed class PostVersionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_edit_page_refuses_a_save_over_someone_elses(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("eve");
        await site.AddMemberAsync("Editors", "eve");
        var id = await site.AddPostAsync("Hello");
        var eve = await site.SignedInToSiteAsync("eve");
        var url = $"/posts/{id}/edit";

        var form = await eve.GetAsync(url);
        var version = form.InputValue("Version");
        Assert.Equal((await site.FindPostAsync(id))!.Version.ToString(), version);
        await SaveElsewhereAsync(site, id, "Their body");

        var stale = await eve.PostAsync(url, form.Token, ("Title", "Mine"), ("Body", "My body"), ("Version", version));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Someone else changed the post “Hello” since you opened it; nothing was saved. Reload and try again.", stale.Text);
        Assert.Equal(("Hello", "Their body"), await TitleAndBodyAsync(site, id));
        Assert.Equal(HttpStatusCode.BadRequest, (await eve.PostAsync(url, form.Token, ("Title", "Mine"), ("Body", "My body"))).Status);
        Assert.Equal(("Hello", "Their body"), await TitleAndBodyAsync(site, id));

        var fresh = await eve.GetAsync(url);
        var saved = await eve.PostAsync(url, fresh.Token, ("Title", "Mine"), ("Body", "My body"), ("Version", fresh.InputValue("Version")));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(("Mine", "My body"), await TitleAndBodyAsync(site, id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_refuses_a_stale_if_match_with_412(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("eve");
        await site.AddMemberAsync("Editors", "eve");
        var id = await site.AddPostAsync("Hello");
        var api = await ApiClient.SignedInAsync(site, "eve");
        var url = $"/api/posts/{id}";

        var read = await api.GetAsync(url);
        Assert.Equal($"\"{(await site.FindPostAsync(id))!.Version}\"", read.ETag);
        await SaveElsewhereAsync(site, id, "Their body");

        var stale = await api.PutAsync(url, new { title = "Hello", body = "My body" }, ifMatch: read.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("Someone else changed the post “Hello” since you opened it; nothing was saved. Reload and try again.", stale.Detail);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.PutAsync(url, new { title = "Hello", body = "My body" }, ifMatch: "\"not-a-version\"")).Status);
        Assert.Equal(("Hello", "Their body"), await TitleAndBodyAsync(site, id));

        var current = await api.GetAsync(url);
        var saved = await api.PutAsync(url, new { title = "Hello", body = "My body" }, ifMatch: current.ETag);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal($"\"{(await site.FindPostAsync(id))!.Version}\"", saved.ETag);
        Assert.NotEqual(current.ETag, saved.ETag);
        // Without If-Match a write is unconditional, as before.
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync(url, new { title = "Hello", body = "Last word" })).Status);
        Assert.Equal(("Hello", "Last word"), await TitleAndBodyAsync(site, id));
    }

    private static Task SaveElsewhereAsync(AdminSite site, int id, string body) => site.QueryAsync(async db =>
    {
        (await db.Posts.FindAsync(id))!.Body = body;
        return await db.SaveChangesAsync();
    });

    private static async Task<(string, string)> TitleAndBodyAsync(AdminSite site, int id) =>
        (await site.FindPostAsync(id)) is { } post ? (post.Title, post.Body) : throw new InvalidOperationException($"Post {id} is gone.");
}
