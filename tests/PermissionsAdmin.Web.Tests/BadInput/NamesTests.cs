using System.Net;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.BadInput;

/// <summary>
/// Names, titles and searches: one validation in the services for every door (length, e-mail, no control
/// characters), the same words from the CLI, the API and the pages; a search with a NUL matches nothing.
/// </summary>
public sealed class NamesTests
{
    private const string Nul = "a\0b";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_refuses_what_the_api_refuses_with_one_error_line(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await Manage.SucceedAsync(db, "users", "create", "root", "--superuser");
        await Manage.SucceedAsync(db, "groups", "create", "Moderators");

        await AssertRefusedAsync(db, "Keep the user name to 150 characters or fewer.", "users", "create", new string('u', 300));
        await AssertRefusedAsync(db, "Keep the name to 150 characters or fewer.", "groups", "create", new string('g', 10_000));
        await AssertRefusedAsync(db, "Enter a valid e-mail address.", "users", "create", "dave", "--email", "not-an-email");
        await AssertRefusedAsync(db, "The user name cannot contain control characters.", "users", "create", Nul);
        await AssertRefusedAsync(db, "The name cannot contain control characters.", "groups", "create", Nul);
        await AssertRefusedAsync(db, $"No user named '{Nul}'.", "users", "grant", Nul, "blog.view_post");
        await AssertRefusedAsync(db, $"No group named '{Nul}'.", "groups", "grant", Nul, "blog.view_post");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_permission_name_is_exact_at_every_door(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var api = await ApiClient.SignedInAsync(site, "root");

        await AssertRefusedAsync(site.Database, "Permission name 'blog.add_post ' should be in the form app_label.codename.",
            "check", "root", "blog.add_post ");
        await AssertRefusedAsync(site.Database, "Unknown permission 'Blog.Add_Post'.", "check", "root", "Blog.Add_Post");
        await AssertRefusedAsync(site.Database, "Permission name 'blog.add_post ' should be in the form app_label.codename.",
            "users", "grant", "bob", "blog.add_post ");
        foreach (var name in new[] { "blog.add_post ", "Blog.Add_Post", "blog.add\0post" })
        {
            var refused = await api.PostAsync($"/api/v1/users/{bob.Id}/permissions", new { permission = name });
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.ErrorsFor("permission").Length > 0, $"{name}: {refused}");
        }
        Assert.Equal("allowed", await Manage.CheckAsync(site.Database, "root", "blog.add_post"));
        Assert.NotEqual(0, root.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Control_characters_are_refused_and_never_searched_for(DatabaseKind kind)
    {
        var logs = new CapturedLogs();
        await using var site = await AdminSite.StartAsync(kind, b => { b.Logging.AddProvider(logs); b.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug); }, environment: "Development");
        await site.CreateUserAsync("root", superuser: true, permissions: ["blog.add_post"]);
        var api = await ApiClient.SignedInAsync(site, "root");
        var browser = await site.SignedInAsync("root");
        var before = await DatabaseSnapshot.TakeAsync(site.Database);

        foreach (var (path, body, field) in new (string, object, string)[]
        {
            ("/api/v1/users", new { userName = Nul }, "userName"),
            ("/api/v1/users", new { userName = "dave", firstName = Nul }, "firstName"),
            ("/api/v1/groups", new { name = Nul }, "name"),
        })
        {
            var refused = await api.PostAsync(path, body);
            Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.ErrorsFor(field).Length > 0, $"POST {path} {field}: {refused}");
        }
        foreach (var path in new[] { "/api/v1/users?q=%00", "/api/v1/groups?q=a%00b", "/api/posts?q=%00" })
        {
            var found = await api.GetAsync(path);
            Assert.True(found.Status == HttpStatusCode.OK, $"{path}: {found}");
        }
        foreach (var path in new[] { "/admin/users?q=%00", "/admin/groups?q=a%00b", "/admin/permissions?q=%00", "/admin/history?actor=%00" })
        {
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.OK, $"{path}: {page}");
        }
        foreach (var (formPath, field, message) in new[]
        {
            ("/admin/users/add", "UserName", "The user name cannot contain control characters."),
            ("/admin/groups/add", "Name", "The name cannot contain control characters."),
            ("/posts/new", "Title", "The title cannot contain control characters."),
        })
        {
            var form = await browser.GetAsync(formPath);
            var fields = HtmlForm.Parse(form.Html, formPath).Last(f => f.Names.Contains(field));
            (string, string?)[] With(string value) =>
                fields.With(field, value).Select(f => f.Name.StartsWith("Password", StringComparison.Ordinal) ? (f.Name, AdminSite.Password) : f).ToArray();
            var refused = await browser.PostAsync(fields.Action, null, With("a\u0007b"));
            Assert.True(refused.Status == HttpStatusCode.OK && refused.Text.Contains(message, StringComparison.Ordinal), $"{formPath}: {refused}");
            // A NUL makes the form unreadable to the framework's antiforgery check: refused before any action runs.
            var unreadable = await browser.PostAsync(fields.Action, null, With(Nul));
            Assert.True((int)unreadable.Status is >= 400 and < 500, $"{formPath} NUL: {unreadable}");
        }
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(site.Database));
    }

    private static async Task AssertRefusedAsync(TestDatabase db, string message, params string[] args)
    {
        var before = await DatabaseSnapshot.TakeAsync(db);
        var result = await Manage.RunAsync(db, args);
        Assert.True(result.ExitCode == 1, $"'{string.Join(' ', args)}' should exit 1:\n{result}");
        Assert.Equal([$"error: {message}"], result.ErrLines);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(db));
    }
}
