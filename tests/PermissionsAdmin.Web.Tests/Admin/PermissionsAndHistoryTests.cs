using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Model;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>/admin/permissions (counts, stale permissions and their removal) and the global /admin/history.</summary>
public sealed class PermissionsAndHistoryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_permissions_page_counts_the_groups_and_users_holding_each_permission(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("auditor", "auth.view_permission");
        await site.CreateUserAsync("ann", permissions: ["blog.change_post"]);
        await site.CreateUserAsync("ben", permissions: ["blog.change_post", "blog.add_post"]);
        var browser = await site.SignedInAsync("auditor");

        var page = await browser.GetAsync("/admin/permissions");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h2 class=\"card-header h6 mb-0 fw-semibold\">blog | post</h2>", page.Html);
        Assert.Equal((1, 2), Counts(page, "blog.change_post")); // Editors (Creators edit only their own posts); ann and ben
        Assert.Equal((1, 1), Counts(page, "blog.add_post"));
        Assert.Equal((3, 0), Counts(page, "blog.view_post"));
        Assert.Equal((0, 1), Counts(page, "auth.view_permission"));
        Assert.DoesNotContain("stale", page.Html);
        Assert.DoesNotContain("remove-stale", page.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/permissions/remove-stale")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_superuser_removes_stale_permissions_after_a_confirmation_listing_their_grants(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var ann = await site.CreateUserAsync("ann");
        // A permission whose entity is gone, held by a group and a user.
        var staleId = await site.QueryAsync(async db =>
        {
            var type = new ContentType { AppLabel = "legacy", Model = "widget" };
            var permission = new Permission { ContentType = type, Codename = "polish_widget", Name = "Can polish widget" };
            db.Permissions.Add(permission);
            await db.SaveChangesAsync();
            db.GroupPermissions.Add(new GroupPermission { GroupId = await db.Roles.Where(r => r.Name == "Editors").Select(r => r.Id).SingleAsync(), PermissionId = permission.Id });
            db.UserPermissions.Add(new UserPermission { UserId = ann.Id, PermissionId = permission.Id });
            await db.SaveChangesAsync();
            return permission.Id;
        });
        var browser = await site.SignedInAsync("root");

        var page = await browser.GetAsync("/admin/permissions");
        Assert.Matches("Can polish widget\\s*<span class=\"badge text-bg-warning\">stale</span>", page.Html);
        Assert.Equal((1, 1), Counts(page, "legacy.polish_widget"));
        Assert.Contains("href=\"/admin/permissions/remove-stale\"", page.Html);

        var confirm = await browser.GetAsync("/admin/permissions/remove-stale");
        var listed = Regex.Replace(confirm.Text, @"\s+", " ");
        Assert.Contains("legacy.polish_widget Editors ann", listed);
        Assert.True(await site.QueryAsync(db => db.Permissions.AnyAsync(p => p.Id == staleId))); // the dry run changed nothing

        var removed = await browser.FollowAsync(await browser.PostAsync("/admin/permissions/remove-stale", confirm.Token));
        Assert.Contains("Removed 1 stale permission(s) and their grants: legacy.polish_widget.", removed.Success);
        Assert.False(await site.QueryAsync(db => db.Permissions.AnyAsync(p => p.Id == staleId)));
        Assert.False(await site.QueryAsync(db => db.UserPermissions.AnyAsync(g => g.PermissionId == staleId)));
        Assert.True(await site.QueryAsync(db => db.Permissions.AnyAsync(p => p.Codename == "change_post"))); // live ones stay
        Assert.DoesNotContain("text-bg-warning\">stale<", removed.Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_global_history_filters_paginates_and_links_objects_that_still_exist(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateStaffAsync("auditor", "admin.view_auditentry");
        var ann = await site.CreateUserAsync("ann");
        var gone = await site.CreateUserAsync("gone");
        var root = await site.SignedInAsync("root");
        // root (through the admin) adds ann to Editors, then deletes "gone".
        var form = await root.GetAsync("/admin/users");
        await root.PostAsync("/admin/users/action", form.Token, ("action", "add_to_group"), ("groupId", (await site.GroupIdAsync("Editors")).ToString(CultureInfo.InvariantCulture)), ("ids", ann.Id.ToString(CultureInfo.InvariantCulture)));
        await root.PostAsync("/admin/users/delete", form.Token, ("ids", gone.Id.ToString(CultureInfo.InvariantCulture)));
        var browser = await site.SignedInAsync("auditor");

        var all = await browser.GetAsync("/admin/history");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Contains($"<a href=\"/admin/users/{ann.Id}\">ann</a>", all.Html);
        Assert.DoesNotContain($"href=\"/admin/users/{gone.Id}\"", all.Html); // deleted: named, not linked
        Assert.Contains("<span>gone</span>", all.Html);

        var byRoot = (await browser.GetAsync("/admin/history?actor=root")).Text;
        Assert.Contains("Added to groups: Editors", byRoot);
        Assert.Contains("Added members: ann", byRoot);
        Assert.DoesNotContain("Set user name to “ann”", byRoot); // made by the system, not root

        var deletions = await browser.GetAsync("/admin/history?action=Deleted");
        Assert.Single(Regex.Matches(deletions.Html, ">Deleted</span>"));
        var groups = await browser.GetAsync("/admin/history?type=auth.group&actor=root");
        Assert.Contains("Added members: ann", groups.Text);
        Assert.DoesNotContain("auth.user</span>", groups.Html);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains("Added members: ann", (await browser.GetAsync($"/admin/history?from={today}&to={today}&actor=root")).Text);
        Assert.DoesNotContain("Added members: ann", (await browser.GetAsync("/admin/history?to=2000-01-01")).Text);

        // 60 more entries: two pages of 50, newest first.
        await site.InScopeAsync(async services =>
        {
            var audit = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AuditLog>(services);
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PermissionsAdmin.Data.PermissionsDbContext>(services);
            for (var i = 0; i < 60; i++) audit.Record("auth.group", 424242, $"bulk{i:00}", AuditAction.Deleted);
            await db.SaveChangesAsync();
        });
        var first = await browser.GetAsync("/admin/history?action=Deleted");
        Assert.Equal(50, Regex.Count(first.Html, ">Deleted</span>"));
        Assert.Contains("rel=\"next\"", first.Html);
        var second = await browser.GetAsync("/admin/history?action=Deleted&page=2");
        Assert.Equal(11, Regex.Count(second.Html, ">Deleted</span>"));
        Assert.DoesNotContain("rel=\"next\"", second.Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_pages_need_their_permissions(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("clerk", "auth.view_user");
        var ann = await site.CreateUserAsync("ann");
        var browser = await site.SignedInAsync("clerk");

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/history")).Status);
        var own = await browser.GetAsync($"/admin/users/{ann.Id}/history");
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Contains("Set user name to “ann”", own.Text);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/groups/{await site.GroupIdAsync("Editors")}/history")).Status);
    }

    /// <summary>The (groups, users) counts of a permission's row.</summary>
    private static (int Groups, int Users) Counts(Page page, string permission)
    {
        var row = Regex.Match(page.Html, $"<tr data-permission=\"{Regex.Escape(permission)}\">.*?data-groups>(\\d+)</td>\\s*<td class=\"text-end\" data-users>(\\d+)</td>",
            RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for {permission}");
        return (int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
