using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Api;

/// <summary>The admin's delegation rules, attempted through /api/v1/users: refused the same way, and nothing changed.</summary>
public sealed class UserDelegationApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delegated_administrator_is_refused_403_for_what_the_admin_refuses_them_and_nothing_changes(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var deputy = await site.CreateStaffAsync("deputy",
            "auth.view_user", "auth.add_user", "auth.change_user", "auth.delete_user", "blog.view_post");
        var bob = await site.CreateUserAsync("bob");
        var editors = await site.GroupIdAsync("Editors");
        var subscribers = await site.GroupIdAsync("Subscribers");
        var api = await ApiClient.SignedInAsync(site, "deputy");
        var (bobPath, ownPath, rootPath) = ($"/api/v1/users/{bob.Id}", $"/api/v1/users/{deputy.Id}", $"/api/v1/users/{root.Id}");
        var before = await site.SnapshotAsync();

        async Task Refused(Task<ApiResponse> call, string message)
        {
            var response = await call;
            Assert.True(response.Status == HttpStatusCode.Forbidden && response.IsProblem, response.ToString());
            Assert.Contains(message, response.Detail);
        }

        // Grant only what you hold; add only to groups whose permissions you all hold.
        const string NotHeld = "You cannot grant blog.delete_post: you do not hold it yourself.";
        await Refused(api.PostAsync($"{bobPath}/permissions", new { permission = "blog.delete_post" }), NotHeld);
        await Refused(api.PutAsync($"{bobPath}/permissions", new { permissions = new[] { "blog.view_post", "blog.delete_post" } }), NotHeld);
        const string NotAllOfGroup = "You cannot add members to group 'Editors': you do not hold all of its permissions.";
        await Refused(api.PostAsync($"{bobPath}/groups/{editors}"), NotAllOfGroup);
        await Refused(api.PutAsync($"{bobPath}/groups", new { groupIds = new[] { editors } }), NotAllOfGroup);

        // No self-elevation: not one's own permissions, groups or flags.
        const string Self = "You cannot change your own permissions, groups or flags.";
        await Refused(api.PutAsync($"{ownPath}/permissions", new { permissions = new[] { "blog.view_post", "auth.delete_group" } }), Self);
        await Refused(api.DeleteAsync($"{ownPath}/permissions/blog.view_post"), Self);
        await Refused(api.PostAsync($"{ownPath}/groups/{subscribers}"), Self);
        await Refused(api.PatchAsync(ownPath, new { isSuperuser = true }), Self);
        await Refused(api.PatchAsync(ownPath, new { isStaff = false }), Self);
        await Refused(api.PostAsync($"{ownPath}/deactivate"), Self);
        await Refused(api.DeleteAsync(ownPath), "You cannot change your own account");

        // Superusers are made and touched only by superusers.
        await Refused(api.PatchAsync(bobPath, new { isSuperuser = true }), "Only a superuser can make a user a superuser.");
        await Refused(api.PostAsync("/api/v1/users", new { userName = "boss", password = AdminSite.Password, isSuperuser = true }),
            "Only a superuser can create a superuser.");
        const string Superuser = "Only a superuser can change the superuser 'root'.";
        await Refused(api.PatchAsync(rootPath, new { firstName = "Mallory" }), Superuser);
        await Refused(api.PostAsync($"{rootPath}/deactivate"), Superuser);
        await Refused(api.PutAsync($"{rootPath}/password", new { password = "Hijack3d!Pass" }), Superuser);
        await Refused(api.PostAsync($"{rootPath}/unlock"), Superuser);
        await Refused(api.PutAsync($"{rootPath}/groups", new { groupIds = Array.Empty<int>() }), Superuser);
        await Refused(api.DeleteAsync(rootPath), Superuser);

        Assert.Equal(before, await site.SnapshotAsync());

        // What the deputy may do: grant what they hold, and change their own profile.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"{bobPath}/permissions", new { permission = "blog.view_post" })).Status);
        Assert.Equal(["blog.view_post"], await site.DirectPermissionsOfAsync("bob"));
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync(ownPath, new { firstName = "Dee" })).Status);
        Assert.Equal("Dee", (await site.FindUserAsync("deputy"))!.FirstName);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_last_active_superuser_cannot_be_deactivated_demoted_or_deleted(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var api = await ApiClient.SignedInAsync(site, "root");
        var path = $"/api/v1/users/{root.Id}";
        var before = await site.SnapshotAsync();

        foreach (var call in new Func<Task<ApiResponse>>[]
        {
            () => api.PostAsync($"{path}/deactivate"),
            () => api.PatchAsync(path, new { isActive = false }),
            () => api.PatchAsync(path, new { isSuperuser = false }),
            () => api.DeleteAsync(path),
        })
        {
            var refused = await call();
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.IsProblem, refused.ToString());
            Assert.Equal("'root' is the last active superuser; make another user a superuser first.", refused.Detail);
        }
        Assert.Equal(before, await site.SnapshotAsync());

        // With another active superuser, the same change goes through.
        await site.CreateUserAsync("root2", superuser: true);
        var demoted = await api.PatchAsync(path, new { isSuperuser = false });
        Assert.True(demoted.Status == HttpStatusCode.OK, demoted.ToString());
        Assert.False((await site.FindUserAsync("root"))!.IsSuperuser);
    }
}
