using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>Who may enter the admin, and what each page needs: staff, then the auth.* permissions, checked before existence.</summary>
public sealed class AdminAccessTests
{
    private const string StaffMessage = "Please enter the correct user name and password for a staff account.";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Anonymous_visitors_are_sent_to_the_admin_login_page(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var browser = site.NewBrowser();

        foreach (var path in new[] { "/admin", "/admin/users", "/admin/users/1", "/admin/groups", "/admin/permissions", "/admin/history" })
        {
            var page = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Equal("/admin/login?returnUrl=" + Uri.EscapeDataString(path), page.Location);
        }
        var login = await browser.GetAsync("/admin/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("PermissionsAdmin administration", login.Html);
        Assert.Contains("<label class=\"form-label required\" for=\"id_UserName\">", login.Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_login_page_refuses_non_staff_and_inactive_accounts_and_signs_staff_in(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("reader");
        var gone = await site.CreateStaffAsync("gone");
        await site.InScopeAsync(s => s.GetRequiredService<PermissionsAdmin.Users.UserAdministration>().SetActiveAsync(gone, false));
        await site.CreateStaffAsync("clerk");

        foreach (var (user, password) in new[] { ("reader", AdminSite.Password), ("gone", AdminSite.Password), ("clerk", "wrong"), ("nobody", "x") })
        {
            var browser = site.NewBrowser();
            var refused = await browser.SignInAsync(user, password);
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Contains(StaffMessage, refused.Errors);
            Assert.False(browser.HasSignInCookie, $"{user} got a sign-in cookie");
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).Status);
        }

        var staff = site.NewBrowser();
        var signedIn = await staff.SignInAsync("clerk@example.com", AdminSite.Password);
        Assert.Equal("/admin", signedIn.Location);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_signed_in_user_who_is_no_longer_staff_gets_the_login_page_saying_a_staff_account_is_needed(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var clerk = await site.CreateStaffAsync("clerk", "auth.view_user");
        var browser = await site.SignedInAsync("clerk");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).Status);

        await site.InScopeAsync(s => s.GetRequiredService<PermissionsAdmin.Users.UserAdministration>()
            .UpdateAsync(clerk.Id, null, new PermissionsAdmin.Users.UserEdit { IsStaff = false }));

        var redirected = await browser.GetAsync("/admin/users");
        Assert.Equal("/admin/login?returnUrl=%2Fadmin%2Fusers", redirected.Location);
        var login = await browser.FollowAsync(redirected);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("this page needs a staff account", login.Text);
        Assert.Contains("clerk", login.Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Staff_without_permissions_see_a_dashboard_saying_so_and_403_on_every_page(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("clerk");
        var browser = await site.SignedInAsync("clerk");

        var dashboard = await browser.GetAsync("/admin");
        Assert.Contains("You don't have permission to view or edit anything.", dashboard.Text);
        Assert.DoesNotContain("href=\"/admin/users\"", dashboard.Html);

        foreach (var path in new[] { "/admin/users", "/admin/users/add", "/admin/users/1", "/admin/users/1/password", "/admin/users/1/history",
            "/admin/groups", "/admin/groups/add", "/admin/groups/1", "/admin/groups/1/delete", "/admin/groups/1/history",
            "/admin/permissions", "/admin/permissions/remove-stale", "/admin/history" })
        {
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{path}: {page}");
            Assert.Contains("PermissionsAdmin administration", page.Html); // inside the admin's layout
            Assert.Contains("Permission denied", page.Html);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Permission_is_checked_before_existence(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("clerk");
        await site.CreateStaffAsync("viewer", "auth.view_user", "auth.view_group");
        var clerk = await site.SignedInAsync("clerk");
        var viewer = await site.SignedInAsync("viewer");

        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/admin/users/99999")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/admin/groups/99999")).Status);
        // As Django's admin: back to the list, saying so.
        foreach (var (path, list, what) in new[]
        {
            ("/admin/users/99999", "/admin/users", "User"), ("/admin/users/99999/history", "/admin/users", "User"),
            ("/admin/groups/99999", "/admin/groups", "Group"), ("/admin/groups/99999/history", "/admin/groups", "Group"),
        })
        {
            var missing = await viewer.GetAsync(path);
            Assert.Equal((HttpStatusCode.Redirect, list), (missing.Status, missing.Location));
            Assert.Equal($"{what} with ID “99999” doesn’t exist. Perhaps it was deleted?", (await viewer.FollowAsync(missing)).Errors);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_view_only_user_sees_no_save_button_and_their_posts_are_refused(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("viewer", "auth.view_user", "auth.view_group");
        var bob = await site.CreateUserAsync("bob");
        var editors = await site.GroupIdAsync("Editors");
        var browser = await site.SignedInAsync("viewer");
        var before = await site.SnapshotAsync();

        var list = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.DoesNotContain("Add user", list.Html);
        Assert.DoesNotContain("name=\"action\"", list.Html);
        var edit = await browser.GetAsync($"/admin/users/{bob.Id}");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.False(edit.HasSaveButton);
        Assert.Contains("You can view this user but not change it.", edit.Html);
        var group = await browser.GetAsync($"/admin/groups/{editors}");
        Assert.False(group.HasSaveButton);

        var posted = await browser.PostAsync($"/admin/users/{bob.Id}", edit.Token,
            ("UserName", "bobby"), ("IsActive", "true"), ("IsStaff", "true"), ("ConcurrencyStamp", bob.ConcurrencyStamp));
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/admin/groups/{editors}", edit.Token, ("Name", "Renamed"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/admin/users/action", edit.Token, ("action", "deactivate"), ("ids", bob.Id.ToString(CultureInfo.InvariantCulture)))).Status);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_superuser_opens_every_page(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var editors = await site.GroupIdAsync("Editors");
        var browser = await site.SignedInAsync("root");

        var dashboard = await browser.GetAsync("/admin");
        foreach (var link in new[] { "/admin/users", "/admin/users/add", "/admin/groups", "/admin/groups/add", "/admin/permissions", "/admin/history" })
        {
            Assert.Contains($"href=\"{link}\"", dashboard.Html);
        }
        foreach (var path in new[] { "/admin/users", "/admin/users/add", $"/admin/users/{bob.Id}", $"/admin/users/{bob.Id}/password",
            $"/admin/users/{bob.Id}/history", "/admin/groups", "/admin/groups/add", $"/admin/groups/{editors}", $"/admin/groups/{editors}/delete",
            $"/admin/groups/{editors}/history", "/admin/permissions", "/admin/permissions/remove-stale", "/admin/history" })
        {
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.OK, $"{path}: {page}");
            Assert.Contains("Welcome, <strong>root</strong>", page.Html);
        }
        Assert.True((await browser.GetAsync($"/admin/users/{bob.Id}")).HasSaveButton);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_post_without_the_antiforgery_token_is_refused_with_400_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var browser = await site.SignedInAsync("root");
        var before = await site.SnapshotAsync();

        var posted = await browser.PostAsync($"/admin/users/{bob.Id}", token: null,
            ("UserName", "bob"), ("IsActive", "true"), ("IsStaff", "true"), ("IsSuperuser", "true"), ("ConcurrencyStamp", bob.ConcurrencyStamp));
        Assert.Equal(HttpStatusCode.BadRequest, posted.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/admin/users/action", null, ("action", "delete"), ("ids", bob.Id.ToString(CultureInfo.InvariantCulture)))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/admin/logout", null)).Status);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Log_out_is_a_post_that_ends_the_sign_in(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        var dashboard = await browser.GetAsync("/admin");
        Assert.Contains("action=\"/admin/logout\"", dashboard.Html);
        Assert.Contains("View site", dashboard.Html);

        var loggedOut = await browser.PostAsync("/admin/logout", dashboard.Token);

        Assert.Equal("/admin/login", loggedOut.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).Status);
    }

    [Fact]
    public async Task The_admin_assets_are_served_from_the_library()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        var browser = site.NewBrowser();
        foreach (var asset in new[] { "lib/bootstrap/css/bootstrap.min.css", "lib/bootstrap/js/bootstrap.bundle.min.js", "css/admin.css", "js/admin.js" })
        {
            var page = await browser.GetAsync("/_content/PermissionsAdmin/" + asset);
            Assert.True(page.Status == HttpStatusCode.OK, $"{asset}: {(int)page.Status}");
            Assert.True(page.Html.Length > 100, asset);
        }
    }
}
