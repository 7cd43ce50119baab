using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>/api/v1/permissions: the catalogue as the admin's permissions page shows it, and stale removal by a superuser.</summary>
public sealed class PermissionsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_catalogue_needs_view_permission_and_counts_holders_by_app_and_entity(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("clerk", staff: true, permissions: ["auth.view_user"]);
        await site.CreateUserAsync("auditor", staff: true, permissions: ["auth.view_permission"]);
        await site.CreateUserAsync("ann", permissions: ["blog.change_post"]);
        await site.CreateUserAsync("ben", permissions: ["blog.change_post", "blog.add_post"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiClient.Anonymous(site).GetAsync("/api/v1/permissions")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ApiClient.SignedInAsync(site, "clerk")).GetAsync("/api/v1/permissions")).Status);
        var auditor = await ApiClient.SignedInAsync(site, "auditor");

        var all = await auditor.GetAsync("/api/v1/permissions");
        Assert.True(all.Status == HttpStatusCode.OK, all.ToString());
        var changePost = Find(all, "blog.change_post");
        Assert.Equal("blog | post | Can change post", changePost.GetProperty("label").GetString());
        Assert.Equal(("blog", "post", "change_post"),
            (changePost.GetProperty("app").GetString(), changePost.GetProperty("entity").GetString(), changePost.GetProperty("codename").GetString()));
        Assert.Equal((1, 2), (changePost.GetProperty("groups").GetInt32(), changePost.GetProperty("users").GetInt32()));
        Assert.False(changePost.GetProperty("stale").GetBoolean());
        Assert.Equal((3, 0), Counts(Find(all, "blog.view_post")));

        var posts = await auditor.GetAsync("/api/v1/permissions?app=blog&entity=post");
        Assert.Equal(
            ["blog.add_post", "blog.change_post", "blog.change_post_title", "blog.delete_post", "blog.feature_post", "blog.publish_post", "blog.view_post"],
            Permissions(posts).Select(p => p.GetProperty("name").GetString()));
        Assert.Empty(Permissions(await auditor.GetAsync("/api/v1/permissions?stale=true")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_permission_is_listed_as_such_and_only_a_superuser_removes_it(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("auditor", staff: true, permissions: ["auth.view_permission"]);
        var ann = await site.CreateUserAsync("ann");
        var staleId = await site.QueryAsync(async db =>
        {
            var permission = new Permission { ContentType = new ContentType { AppLabel = "legacy", Model = "widget" }, Codename = "polish_widget", Name = "Can polish widget" };
            db.Permissions.Add(permission);
            await db.SaveChangesAsync();
            db.GroupPermissions.Add(new GroupPermission { GroupId = await db.Roles.Where(r => r.Name == "Editors").Select(r => r.Id).SingleAsync(), PermissionId = permission.Id });
            db.UserPermissions.Add(new UserPermission { UserId = ann.Id, PermissionId = permission.Id });
            await db.SaveChangesAsync();
            return permission.Id;
        });
        var auditor = await ApiClient.SignedInAsync(site, "auditor");

        var stale = Permissions(await auditor.GetAsync("/api/v1/permissions?stale=true"));
        var widget = Assert.Single(stale);
        Assert.Equal(("legacy.polish_widget", true), (widget.GetProperty("name").GetString(), widget.GetProperty("stale").GetBoolean()));
        Assert.Equal((1, 1), Counts(widget));

        var refused = await auditor.PostAsync("/api/v1/permissions/remove-stale");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Only a superuser can remove stale permissions.", refused.Detail);
        Assert.True(await site.QueryAsync(db => db.Permissions.AnyAsync(p => p.Id == staleId)));

        var root = await ApiClient.SignedInAsync(site, "root");
        var removed = await root.PostAsync("/api/v1/permissions/remove-stale");
        Assert.True(removed.Status == HttpStatusCode.OK, removed.ToString());
        var gone = Assert.Single(removed.Json.GetProperty("removed").EnumerateArray());
        Assert.Equal(("legacy.polish_widget", 1, 1),
            (gone.GetProperty("name").GetString(), gone.GetProperty("userGrants").GetInt32(), gone.GetProperty("groupGrants").GetInt32()));
        Assert.False(await site.QueryAsync(db => db.Permissions.AnyAsync(p => p.Id == staleId)));
        Assert.Empty(Permissions(await auditor.GetAsync("/api/v1/permissions?stale=true")));
        var entry = await site.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.ObjectType == "auth.permission"));
        Assert.Equal(("api", "root", "legacy.polish_widget"), (entry.Channel, entry.ActorName, entry.ObjectRepr));
    }

    private static List<JsonElement> Permissions(ApiResponse response) => response.Json.GetProperty("permissions").EnumerateArray().ToList();

    private static JsonElement Find(ApiResponse response, string name) =>
        Permissions(response).Single(p => p.GetProperty("name").GetString() == name);

    private static (int Groups, int Users) Counts(JsonElement permission) =>
        (permission.GetProperty("groups").GetInt32(), permission.GetProperty("users").GetInt32());
}
