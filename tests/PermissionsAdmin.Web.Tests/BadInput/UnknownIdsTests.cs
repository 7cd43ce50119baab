using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.BadInput;

/// <summary>An id that names nothing (-1 among them) in a form or a body is refused naming the field; nothing changes.</summary>
public sealed class UnknownIdsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_admin_forms_refuse_unknown_and_negative_ids(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var group = await site.CreateGroupAsync("Moderators", "blog.view_post");
        var browser = await site.SignedInAsync("root");
        var before = await site.SnapshotAsync();

        foreach (var (page, field, id, message) in new[]
        {
            ($"/admin/users/{bob.Id}", "PermissionIds", "-1", "No permission with id -1."),
            ($"/admin/users/{bob.Id}", "GroupIds", "-1", "No group with id -1."),
            ($"/admin/users/{bob.Id}", "GroupIds", "-7", "No group with id -7."),
            ($"/admin/groups/{group.Id}", "PermissionIds", "-1", "No permission with id -1."),
            ("/admin/groups/add", "PermissionIds", "-1", "No permission with id -1."),
        })
        {
            var form = await browser.GetAsync(page);
            var fields = HtmlForm.Parse(form.Html, page).First(f => f.Names.Contains(field));
            var values = fields.With(field, id);
            if (page.EndsWith("/add", StringComparison.Ordinal)) values = [.. values.Where(v => v.Name != "Name"), ("Name", "Fresh")];
            var saved = await browser.PostAsync(fields.Action, null, values); // the form carries its antiforgery token
            Assert.True(saved.Status == HttpStatusCode.OK && saved.Errors.Contains(message, StringComparison.Ordinal),
                $"{page} {field}={id}: {saved}");
        }
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_refuses_unknown_and_negative_ids_naming_the_field(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var group = await site.CreateGroupAsync("Moderators", "blog.view_post");
        var api = await ApiClient.SignedInAsync(site, "root");
        var before = await site.SnapshotAsync();

        foreach (var (path, body, field) in new (string, object, string)[]
        {
            ($"/api/v1/users/{bob.Id}/groups", new { groupIds = new[] { -1 } }, "groupIds"),
            ($"/api/v1/users/{bob.Id}/groups", new { groupIds = new[] { group.Id, -1 } }, "groupIds"),
            ($"/api/v1/users/{bob.Id}/groups", new { groupIds = new[] { 999999 } }, "groupIds"),
            ($"/api/v1/groups/{group.Id}/members", new { userIds = new[] { -1 } }, "userIds"),
        })
        {
            var response = await api.PutAsync(path, body);
            Assert.True(response.Status == HttpStatusCode.BadRequest && response.ErrorsFor(field).Length > 0, $"PUT {path}: {response}");
        }
        Assert.Equal(before, await site.SnapshotAsync());
    }
}
