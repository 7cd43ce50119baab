using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, finding 1: a staff user with auth.change_user must not act on (set the password of, rename, deactivate,
/// unlock, delete) a user who holds something they lack, or they could sign in as that user and take what they hold.
/// </summary>
public sealed class AccountTakeoverTests
{
    private const string NewPassword = "Takeover-Pass-42";

    private static async Task<(AdminSite Site, int Boss, int Member, int Weak)> ArrangeAsync(DatabaseKind kind)
    {
        var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("deputy", "auth.view_user", "auth.change_user", "auth.delete_user");
        var boss = await site.CreateStaffAsync("boss",
            "auth.view_user", "auth.change_user", "auth.delete_user", "auth.add_user", "auth.view_group", "auth.change_group",
            "auth.add_group", "auth.delete_group", "blog.delete_post", "blog.publish_post");
        // Holds nothing directly: only through a group whose permissions the deputy lacks.
        var member = await site.CreateUserAsync("member");
        await site.AddMemberAsync("Editors", "member");
        var weak = await site.CreateUserAsync("weak", permissions: ["auth.view_user"]);
        return (site, boss.Id, member.Id, weak.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_admin_form_refuses_setting_the_password_of_a_more_powerful_user(DatabaseKind kind)
    {
        var (site, boss, member, weak) = await ArrangeAsync(kind);
        await using var _ = site;
        var deputy = await site.SignedInAsync("deputy");
        var before = await site.SnapshotAsync();

        foreach (var (target, permission) in new[] { (boss, "auth.add_group"), (member, "blog.") })
        {
            var refused = await deputy.SubmitAsync($"/admin/users/{target}/password", $"/admin/users/{target}/password",
                ("Password", NewPassword), ("Password2", NewPassword));
            Assert.True(refused.Status == HttpStatusCode.OK, refused.ToString());
            Assert.Contains("which you do not hold yourself", refused.Errors);
            Assert.Contains(permission, refused.Errors);
        }

        Assert.Equal(before, await site.SnapshotAsync());
        Assert.NotEqual(HttpStatusCode.Redirect, (await site.NewBrowser().SignInAsync("boss", NewPassword)).Status);
        // A user who holds nothing the deputy lacks is still theirs to manage.
        var allowed = await deputy.SubmitAsync($"/admin/users/{weak}/password", $"/admin/users/{weak}/password",
            ("Password", NewPassword), ("Password2", NewPassword));
        Assert.True(allowed.Status == HttpStatusCode.Redirect, allowed.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_refuses_every_action_on_a_more_powerful_user_with_403(DatabaseKind kind)
    {
        var (site, boss, member, weak) = await ArrangeAsync(kind);
        await using var _ = site;
        var api = await ApiClient.SignedInAsync(site, "deputy");
        var before = await site.SnapshotAsync();

        foreach (var target in new[] { boss, member })
        {
            var path = $"/api/v1/users/{target}";
            foreach (var call in new Func<Task<ApiResponse>>[]
            {
                () => api.PutAsync($"{path}/password", new { password = NewPassword }),
                () => api.PatchAsync(path, new { userName = "renamed" }),
                () => api.PostAsync($"{path}/deactivate"),
                () => api.PostAsync($"{path}/unlock"),
                () => api.DeleteAsync(path),
            })
            {
                var refused = await call();
                Assert.True(refused.Status == HttpStatusCode.Forbidden && refused.IsProblem, refused.ToString());
                Assert.Contains("which you do not hold yourself", refused.Detail);
            }
        }

        Assert.Equal(before, await site.SnapshotAsync());
        var allowed = await api.PutAsync($"/api/v1/users/{weak}/password", new { password = NewPassword });
        Assert.True(allowed.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, allowed.ToString());
    }
}
