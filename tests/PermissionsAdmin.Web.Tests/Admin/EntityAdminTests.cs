using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// The demo's entities in /admin (registered in <see cref="BlogAdmin"/>): Django's admin's rules for the four generated
/// permissions, field permissions, delete confirmations that list cascades and refuse what the user may not delete,
/// validation, and the history every change writes.
/// </summary>
public sealed class EntityAdminTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_dashboard_and_the_app_page_list_only_what_the_user_may_see(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("viewer", "blog.view_post");
        await site.CreateStaffAsync("adder", "blog.add_comment");
        await site.CreateStaffAsync("nobody");

        var viewer = await site.SignedInAsync("viewer");
        var dashboard = await viewer.GetAsync("/admin");
        Assert.Contains("<a href=\"/admin/blog/post\">Posts</a>", dashboard.Html);
        Assert.Contains(">View</a>", dashboard.Html);
        Assert.DoesNotContain("/admin/blog/post/add", dashboard.Html);
        Assert.DoesNotContain("Comments", dashboard.Html);
        Assert.DoesNotContain("Authentication and authorization", dashboard.Html);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/admin/blog")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/admin/shop")).Status);

        var adder = await site.SignedInAsync("adder");
        var adderDashboard = await adder.GetAsync("/admin");
        Assert.Contains("<span>Comments</span>", adderDashboard.Html);
        Assert.Contains("href=\"/admin/blog/comment/add\"", adderDashboard.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await adder.GetAsync("/admin/blog/comment")).Status);

        var nobody = await site.SignedInAsync("nobody");
        Assert.Contains("You don't have permission to view or edit anything.", (await nobody.GetAsync("/admin")).Text);
        Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync("/admin/blog")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task View_alone_shows_the_list_and_a_read_only_page_and_refuses_every_write(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var id = await AddPostAsync(site, "Hello", "World");
        await site.CreateStaffAsync("viewer", "blog.view_post");
        await site.CreateStaffAsync("outsider", "blog.view_comment");
        var viewer = await site.SignedInAsync("viewer");

        var list = await viewer.GetAsync("/admin/blog/post");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Select post to view", list.Html);
        Assert.Contains($"<a href=\"/admin/blog/post/{id}\">Hello</a>", list.Html);
        Assert.DoesNotContain("+ Add post", list.Html);
        Assert.DoesNotContain("data-delete-selected", list.Html);

        var page = await viewer.GetAsync($"/admin/blog/post/{id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-read-only", page.Html);
        Assert.DoesNotContain("name=\"Title\"", page.Html);
        Assert.DoesNotContain("name=\"next\"", page.Html);

        var token = list.Token;
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/admin/blog/post/{id}", token, ("Title", "Taken"), ("Body", "x"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/admin/blog/post/add")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/admin/blog/post/add", token, ("Title", "New"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/admin/blog/post/{id}/delete")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/admin/blog/post/delete", token, ("ids", id.ToString(CultureInfo.InvariantCulture)), ("confirmed", "true"))).Status);
        Assert.Equal("Hello", await site.QueryAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Title).SingleAsync()));

        // Permission before existence: with view, an unknown id is reported on the list (Django's admin); without any
        // permission, it is forbidden like a known one; a form posted for it finds nothing to change.
        var missing = await viewer.GetAsync("/admin/blog/post/999999");
        Assert.Equal((HttpStatusCode.Redirect, "/admin/blog/post"), (missing.Status, missing.Location));
        Assert.Equal("Post with ID “999999” doesn’t exist. Perhaps it was deleted?", (await viewer.FollowAsync(missing)).Errors);
        await site.CreateStaffAsync("remover", "blog.view_post", "blog.delete_post");
        var remover = await site.SignedInAsync("remover");
        Assert.Equal(HttpStatusCode.NotFound, (await remover.PostAsync("/admin/blog/post/999999/delete", (await remover.GetAsync("/admin/blog/post")).Token)).Status);
        var outsider = await site.SignedInAsync("outsider");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/admin/blog/post/999999")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/admin/blog/post/{id}")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Changing_keeps_the_fields_a_field_permission_guards_and_writes_the_history(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var id = await AddPostAsync(site, "Original title", "Old body");
        await site.CreateStaffAsync("editor", "blog.change_post");
        await site.CreateStaffAsync("chief", "blog.change_post", "blog.change_post_title", "blog.publish_post");
        var editor = await site.SignedInAsync("editor");

        var page = await editor.GetAsync($"/admin/blog/post/{id}");
        Assert.Contains("data-read-only-field=\"Title\"", page.Html);
        Assert.Contains("data-read-only-field=\"IsPublished\"", page.Html);
        Assert.Contains("name=\"Body\"", page.Html);
        // A forged title and publication are ignored; the body is saved.
        var saved = await editor.PostAsync($"/admin/blog/post/{id}", page.Token,
            ("Title", "Forged"), ("Body", "New body"), ("IsPublished", "true"), ("Version", page.InputValue("Version")), ("next", "continue"));
        Assert.Equal($"/admin/blog/post/{id}", saved.Location);
        Assert.Equal("The post “Original title” was changed successfully. You may edit it again below.", (await editor.FollowAsync(saved)).Success);
        var post = await site.QueryAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("Original title", "New body", false), (post.Title, post.Body, post.IsPublished));

        var chief = await site.SignedInAsync("chief");
        var chiefPage = await chief.GetAsync($"/admin/blog/post/{id}");
        Assert.Contains("name=\"Title\"", chiefPage.Html);
        Assert.Equal("/admin/blog/post", (await chief.PostAsync($"/admin/blog/post/{id}", chiefPage.Token,
            ("Title", "Better title"), ("Body", "New body"), ("IsPublished", "true"), ("IsPublished", "false"), ("Version", chiefPage.InputValue("Version")))).Location);
        post = await site.QueryAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("Better title", true), (post.Title, post.IsPublished));

        // The dashboard's recent actions link to the object's admin page.
        Assert.Contains($"<a href=\"/admin/blog/post/{id}\">Better title</a>", (await chief.GetAsync("/admin")).Html);
        var history = await chief.GetAsync($"/admin/blog/post/{id}/history");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Contains("Changed Title from “Original title” to “Better title”", history.Text);
        Assert.Contains("Changed Is published from false to true", history.Text);
        Assert.Contains("Changed Body from “Old body” to “New body”", history.Text);
        Assert.Equal(["chief", "editor"], await site.QueryAsync(db => db.AuditEntries
            .Where(e => e.ObjectType == "blog.post" && e.ObjectId == id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.ActorName).Select(e => e.ActorName).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_validates_on_the_server_and_changes_nothing_when_refused(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var author = await site.CreateStaffAsync("writer", "blog.add_post", "blog.view_post");
        var writer = await site.SignedInAsync("writer");

        async Task<Page> Add(params (string, string?)[] fields) => await writer.SubmitAsync("/admin/blog/post/add", "/admin/blog/post/add", fields);
        var missing = await Add(("Title", " "), ("Body", "b"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("This field is required.", missing.Errors);
        var tooLong = await Add(("Title", new string('t', Post.MaxTitleLength + 1)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains($"Ensure this value has at most {Post.MaxTitleLength} characters (it has {Post.MaxTitleLength + 1}).", tooLong.Errors);
        var badAuthor = await Add(("Title", "T"), ("AuthorId", "999999"));
        Assert.Equal(HttpStatusCode.BadRequest, badAuthor.Status);
        Assert.Contains("Select a valid choice.", badAuthor.Errors);
        Assert.Equal(HttpStatusCode.BadRequest, (await Add(("Title", "T"), ("AuthorId", "abc"))).Status);
        Assert.Equal(0, await site.QueryAsync(db => db.Posts.CountAsync()));

        var added = await Add(("Title", "  Fresh  "), ("Body", "Line one\r\nLine two"), ("AuthorId", author.Id.ToString(CultureInfo.InvariantCulture)), ("IsPublished", "true"));
        Assert.Equal("/admin/blog/post", added.Location);
        Assert.Equal("The post “Fresh” was added successfully.", (await writer.FollowAsync(added)).Success);
        var post = await site.QueryAsync(db => db.Posts.AsNoTracking().SingleAsync());
        // Field permissions guard changes, not a new object: the adder sets publication without publish_post.
        Assert.Equal(("Fresh", "Line one\nLine two", (int?)author.Id, true), (post.Title, post.Body, post.AuthorId, post.IsPublished));
        var entry = await site.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.ObjectType == "blog.post"));
        Assert.Equal((PermissionsAdmin.Model.AuditAction.Added, "Fresh", "writer", "admin"), (entry.Action, entry.ObjectRepr, entry.ActorName, entry.Channel));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_lists_what_cascades_and_refuses_a_type_the_user_may_not_delete(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var id = await AddPostAsync(site, "Doomed", "x", comments: ["First!", "Second"]);
        var reader = await site.CreateUserAsync("reader");
        await site.InScopeAsync(async services =>
        {
            var post = await services.GetRequiredService<Data.AppDbContext>().Posts.SingleAsync(p => p.Id == id);
            await services.GetRequiredService<ObjectPermissionAdministration>().AssignAsync("blog.view_post", reader, post);
        });
        await site.CreateStaffAsync("partial", "blog.view_post", "blog.delete_post");
        await site.CreateStaffAsync("full", "blog.view_post", "blog.delete_post", "blog.delete_comment");

        var partial = await site.SignedInAsync("partial");
        var refused = await partial.GetAsync($"/admin/blog/post/{id}/delete");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("data-delete-refused", refused.Html);
        Assert.Contains("<li>comments</li>", refused.Html);
        Assert.Contains("ann: First!", refused.Html);
        Assert.DoesNotContain("Yes, I'm sure", refused.Text);
        Assert.Equal(HttpStatusCode.Forbidden, (await partial.PostAsync($"/admin/blog/post/{id}/delete", refused.Token)).Status);
        Assert.Equal(1, await site.QueryAsync(db => db.Posts.CountAsync()));

        var full = await site.SignedInAsync("full");
        var confirm = await full.GetAsync($"/admin/blog/post/{id}/delete");
        Assert.Contains("Are you sure?", confirm.Html);
        Assert.Contains("Comments: 2", confirm.Text);
        Assert.Contains("user reader: blog.view_post on Doomed", confirm.Html);
        var deleted = await full.PostAsync($"/admin/blog/post/{id}/delete", confirm.Token);
        Assert.Equal("/admin/blog/post", deleted.Location);
        Assert.Equal("The post “Doomed” was deleted successfully.", (await full.FollowAsync(deleted)).Success);
        Assert.Equal((0, 0, 0), await site.QueryAsync(async db =>
            (await db.Posts.CountAsync(), await db.Comments.CountAsync(), await db.UserObjectPermissions.CountAsync())));
        Assert.Equal("full", await site.QueryAsync(db => db.AuditEntries
            .Where(e => e.ObjectType == "blog.post" && e.ObjectId == id.ToString(CultureInfo.InvariantCulture) && e.Action == PermissionsAdmin.Model.AuditAction.Deleted)
            .Select(e => e.ActorName).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Delete_selected_confirms_then_deletes_the_chosen_rows(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var keep = await AddPostAsync(site, "Keep", "");
        var first = await AddPostAsync(site, "Bulk one", "");
        var second = await AddPostAsync(site, "Bulk two", "");
        await site.CreateStaffAsync("full", "blog.view_post", "blog.delete_post", "blog.delete_comment");
        var full = await site.SignedInAsync("full");

        var list = await full.GetAsync("/admin/blog/post");
        Assert.Contains("data-delete-selected", list.Html);
        var confirm = await full.PostAsync("/admin/blog/post/delete", list.Token, ("ids", first.ToString(CultureInfo.InvariantCulture)), ("ids", second.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Posts: 2", confirm.Text);
        Assert.Equal(3, await site.QueryAsync(db => db.Posts.CountAsync()));
        var done = await full.PostAsync("/admin/blog/post/delete", confirm.Token, ("ids", first.ToString(CultureInfo.InvariantCulture)), ("ids", second.ToString(CultureInfo.InvariantCulture)), ("confirmed", "true"));
        Assert.Equal("Successfully deleted 2 posts.", (await full.FollowAsync(done)).Success);
        Assert.Equal([keep], await site.QueryAsync(db => db.Posts.Select(p => p.Id).ToListAsync()));

        var none = await full.PostAsync("/admin/blog/post/delete", list.Token);
        Assert.Contains("Items must be selected", (await full.FollowAsync(none)).Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_searches_ignoring_case_filters_and_orders(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await AddPostAsync(site, "Alpha news", "", published: true);
        await AddPostAsync(site, "Beta", "about ALPHA too", published: false);
        await AddPostAsync(site, "Gamma", "", published: true);
        await site.CreateStaffAsync("viewer", "blog.view_post");
        var viewer = await site.SignedInAsync("viewer");

        static List<string> Titles(Page page) => System.Text.RegularExpressions.Regex
            .Matches(page.Html, "<th scope=\"row\" class=\"fw-normal text-break\"><a href=\"/admin/blog/post/\\d+\">([^<]+)</a>")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(["Gamma", "Beta", "Alpha news"], Titles(await viewer.GetAsync("/admin/blog/post")));
        Assert.Equal(["Beta", "Alpha news"], Titles(await viewer.GetAsync("/admin/blog/post?q=alpha")));
        Assert.Equal(["Alpha news"], Titles(await viewer.GetAsync("/admin/blog/post?q=alpha+NEWS")));
        Assert.Equal(["Gamma", "Alpha news"], Titles(await viewer.GetAsync("/admin/blog/post?IsPublished=true")));
        Assert.Equal(["Alpha news", "Beta", "Gamma"], Titles(await viewer.GetAsync("/admin/blog/post?o=Title")));
        Assert.Equal(["Gamma", "Beta", "Alpha news"], Titles(await viewer.GetAsync("/admin/blog/post?o=-Title&CreatedAt=today")));
        // Malformed values are ignored, never a 500.
        Assert.Equal(3, Titles(await viewer.GetAsync("/admin/blog/post?IsPublished=maybe&CreatedAt=soon&o=Nope&page=-4")).Count);
        Assert.Contains("No posts match.", (await viewer.GetAsync("/admin/blog/post?q=zzz")).Html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_follow_a_cursor_through_every_row_once_in_order_ties_included(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // 120 posts, three to each CreatedAt, so pages break inside runs of equal dates; titles out of id order.
        await site.QueryAsync(async db =>
        {
            db.Posts.AddRange(Enumerable.Range(0, 120).Select(i => new Post
            {
                Title = $"Post {(i * 37) % 120:D3}",
                CreatedAt = start.AddMinutes(i / 3).AddTicks(1234567),
                IsPublished = i % 2 == 0,
            }));
            return await db.SaveChangesAsync();
        });
        await site.CreateStaffAsync("viewer", "blog.view_post");
        var viewer = await site.SignedInAsync("viewer");

        async Task<List<string>> Walk(string first, bool keyset)
        {
            var titles = new List<string>();
            var path = first;
            for (var pages = 0; path is not null && pages < 10; pages++)
            {
                var page = await viewer.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, page.Status);
                titles.AddRange(System.Text.RegularExpressions.Regex.Matches(page.Html, "<a href=\"/admin/blog/post/\\d+\">(Post \\d+)</a>").Select(m => m.Groups[1].Value));
                var next = System.Text.RegularExpressions.Regex.Match(page.Html, "rel=\"next\" href=\"([^\"]+)\"");
                path = next.Success ? WebUtility.HtmlDecode(next.Groups[1].Value) : null;
                if (path is not null) Assert.Equal(keyset, path.Contains("after=", StringComparison.Ordinal));
            }
            return titles;
        }
        var expected = await site.QueryAsync(async db => (await db.Posts.AsNoTracking().ToListAsync())
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Select(p => p.Title).ToList());
        Assert.Equal(expected, await Walk("/admin/blog/post", keyset: true));
        Assert.Equal(expected.Order(StringComparer.Ordinal), await Walk("/admin/blog/post?o=Title", keyset: true));
        // Booleans have no order in a cursor: numbered pages, the same rows.
        Assert.Equal(120, (await Walk("/admin/blog/post?o=IsPublished", keyset: false)).Distinct().Count());

        // Previous from the third page is the second; a cursor that is not one is the first page.
        var second = await viewer.GetAsync(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match((await viewer.GetAsync("/admin/blog/post")).Html, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value));
        var third = await viewer.GetAsync(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(second.Html, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value));
        var back = await viewer.GetAsync(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(third.Html, "rel=\"prev\" href=\"([^\"]+)\"").Groups[1].Value));
        Assert.Equal(expected.Skip(50).Take(50), System.Text.RegularExpressions.Regex.Matches(back.Html, "<a href=\"/admin/blog/post/\\d+\">(Post \\d+)</a>").Select(m => m.Groups[1].Value));
        foreach (var bad in new[] { "x", "1.2.3", "99999999999999999999.1", "%00.1" })
        {
            var page = await viewer.GetAsync("/admin/blog/post?after=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(">" + expected[0] + "</a>", page.Html);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_foreign_key_to_a_large_table_is_chosen_by_typing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.AddUsersAsync(Enumerable.Range(0, 120).Select(i => ($"member{i:D3}", (string?)null)));
        await site.CreateStaffAsync("writer", "blog.add_post");
        var writer = await site.SignedInAsync("writer");

        var add = await writer.GetAsync("/admin/blog/post/add");
        Assert.Contains("data-choices-url=\"/admin/blog/post/choices/AuthorId\"", add.Html);
        var choices = await writer.GetAsync("/admin/blog/post/choices/AuthorId?q=MEMBER11");
        var suggested = JsonSerializer.Deserialize<List<JsonElement>>(choices.Html)!.Select(c => c.GetProperty("label").GetString()).ToList();
        Assert.Equal(Enumerable.Range(110, 10).Select(i => $"member{i}"), suggested);
        Assert.Equal(HttpStatusCode.NotFound, (await writer.GetAsync("/admin/blog/post/choices/Title")).Status);

        await site.CreateStaffAsync("viewer", "blog.view_post");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await site.SignedInAsync("viewer")).GetAsync("/admin/blog/post/choices/AuthorId")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_posts_comments_are_edited_on_its_page_by_the_comment_permissions(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var id = await AddPostAsync(site, "Post", "", comments: ["keep me", "drop me"]);
        var (keep, drop) = await site.QueryAsync(async db =>
        {
            var ids = await db.Comments.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            return (ids[0], ids[1]);
        });
        await site.CreateStaffAsync("moderator", "blog.change_post", "blog.view_comment", "blog.change_comment", "blog.add_comment", "blog.delete_comment");
        await site.CreateStaffAsync("commenter", "blog.change_post", "blog.view_comment", "blog.change_comment");
        await site.CreateStaffAsync("editor", "blog.change_post");

        var editor = await site.SignedInAsync("editor");
        Assert.DoesNotContain("data-inline=\"Comments\"", (await editor.GetAsync($"/admin/blog/post/{id}")).Html);

        var commenter = await site.SignedInAsync("commenter");
        var page = await commenter.GetAsync($"/admin/blog/post/{id}");
        Assert.Contains("name=\"Comments-0-Text\"", page.Html);
        Assert.DoesNotContain("Comments-0-DELETE", page.Html);
        Assert.DoesNotContain("New comment", page.Html);
        // A forged delete and a forged new comment are ignored; the change is kept.
        await commenter.PostAsync($"/admin/blog/post/{id}", page.Token, [("Body", ""), ("Comments-TOTAL", "3"), .. Versions(page),
            ("Comments-0-Id", keep.ToString(CultureInfo.InvariantCulture)), ("Comments-0-AuthorName", "ann"), ("Comments-0-Text", "kept, edited"),
            ("Comments-1-Id", drop.ToString(CultureInfo.InvariantCulture)), ("Comments-1-AuthorName", "ann"), ("Comments-1-Text", "drop me"), ("Comments-1-DELETE", "true"),
            ("Comments-2-AuthorName", "eve"), ("Comments-2-Text", "sneaked in")]);
        Assert.Equal(["kept, edited", "drop me"], await site.QueryAsync(db => db.Comments.OrderBy(c => c.Id).Select(c => c.Text).ToListAsync()));

        var moderator = await site.SignedInAsync("moderator");
        page = await moderator.GetAsync($"/admin/blog/post/{id}");
        Assert.Contains("Comments-1-DELETE", page.Html);
        Assert.Contains("New comment", page.Html);
        var invalid = await moderator.PostAsync($"/admin/blog/post/{id}", page.Token, [("Body", ""), ("Comments-TOTAL", "3"), .. Versions(page),
            ("Comments-0-Id", keep.ToString(CultureInfo.InvariantCulture)), ("Comments-0-AuthorName", "ann"), ("Comments-0-Text", "kept, edited"),
            ("Comments-1-Id", drop.ToString(CultureInfo.InvariantCulture)), ("Comments-1-AuthorName", "ann"), ("Comments-1-Text", "drop me"), ("Comments-1-DELETE", "true"),
            ("Comments-2-AuthorName", "bob"), ("Comments-2-Text", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("id=\"id_Comments-2-Text_error\"", invalid.Html);
        Assert.Equal(2, await site.QueryAsync(db => db.Comments.CountAsync()));

        var saved = await moderator.PostAsync($"/admin/blog/post/{id}", page.Token, [("Body", ""), ("Comments-TOTAL", "3"), .. Versions(page),
            ("Comments-0-Id", keep.ToString(CultureInfo.InvariantCulture)), ("Comments-0-AuthorName", "ann"), ("Comments-0-Text", "kept, edited"),
            ("Comments-1-Id", drop.ToString(CultureInfo.InvariantCulture)), ("Comments-1-AuthorName", "ann"), ("Comments-1-Text", "drop me"), ("Comments-1-DELETE", "true"),
            ("Comments-2-AuthorName", "bob"), ("Comments-2-Text", "new one")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(["kept, edited", "new one"], await site.QueryAsync(db => db.Comments.Where(c => c.PostId == id).OrderBy(c => c.Id).Select(c => c.Text).ToListAsync()));
        var audited = await site.QueryAsync(db => db.AuditEntries.Where(e => e.ObjectType == "blog.comment")
            .OrderBy(e => e.Id).Select(e => new { e.ActorName, e.Action }).ToListAsync());
        Assert.Equal(["commenter Changed", "moderator Deleted", "moderator Added"], audited.Select(e => $"{e.ActorName} {e.Action}"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Object_grants_open_the_objects_they_name_and_no_others(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var mine = await AddPostAsync(site, "Ann's own", "");
        var other = await AddPostAsync(site, "Someone else's", "");
        var ann = await site.CreateStaffAsync("ann");
        await site.InScopeAsync(async services =>
        {
            var post = await services.GetRequiredService<Data.AppDbContext>().Posts.SingleAsync(p => p.Id == mine);
            var grants = services.GetRequiredService<ObjectPermissionAdministration>();
            await grants.AssignAsync("blog.change_post", ann, post);
            await grants.AssignAsync("blog.delete_post", ann, post);
        });
        await site.CreateStaffAsync("bob");
        var browser = await site.SignedInAsync("ann");

        Assert.Contains("href=\"/admin/blog/post\"", (await browser.GetAsync("/admin")).Html);
        var list = await browser.GetAsync("/admin/blog/post");
        Assert.Contains("Ann's own", list.Text);
        Assert.DoesNotContain("Someone else", list.Html);
        Assert.DoesNotContain("Object permissions", (await browser.GetAsync($"/admin/blog/post/{mine}")).Html);
        var page = await browser.GetAsync($"/admin/blog/post/{mine}");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"/admin/blog/post/{mine}", page.Token, ("Body", "Mine, changed"), ("Version", page.InputValue("Version")))).Status);
        Assert.Equal("Mine, changed", await site.QueryAsync(db => db.Posts.Where(p => p.Id == mine).Select(p => p.Body).SingleAsync()));

        // Another object and an unknown id look the same: forbidden.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/blog/post/{other}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/blog/post/999999")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/admin/blog/post/{other}", page.Token, ("Body", "Defaced"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync($"/admin/blog/post/{other}/delete", page.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/blog/post/add")).Status);

        var confirm = await browser.GetAsync($"/admin/blog/post/{mine}/delete");
        Assert.Contains("Are you sure?", confirm.Html);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"/admin/blog/post/{mine}/delete", confirm.Token)).Status);
        Assert.Equal([other], await site.QueryAsync(db => db.Posts.Select(p => p.Id).ToListAsync()));

        // With nothing granted any more, the list is closed to her again, as it always was to bob.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/blog/post")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await site.SignedInAsync("bob")).GetAsync("/admin/blog/post")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_photo_is_uploaded_through_the_sites_own_checks_and_kept_when_none_is_sent(DatabaseKind kind)
    {
        var folder = Directory.CreateTempSubdirectory("admin-photos-").FullName;
        try
        {
            await using var site = await AdminSite.StartAsync(kind, builder => builder.Configuration["Photos:StoragePath"] = folder);
            await site.CreateStaffAsync("curator", "blog.add_photo", "blog.change_photo");
            var curator = await site.SignedInAsync("curator");
            byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

            var form = await curator.GetAsync("/admin/blog/photo/add");
            Assert.Contains("enctype=\"multipart/form-data\"", form.Html);
            Assert.Contains("type=\"file\"", form.Html);
            async Task<Page> Add(string title, (string, string, byte[])? file, string? type) =>
                await curator.PostMultipartAsync("/admin/blog/photo/add", [("__RequestVerificationToken", form.Token), ("Title", title)], file, type);
            var none = await Add("Sunset", null, null);
            Assert.Equal(HttpStatusCode.BadRequest, none.Status);
            Assert.Contains("Choose a file to upload.", none.Errors);
            var fake = await Add("Sunset", ("Url", "sunset.png", "not a picture"u8.ToArray()), "image/png");
            Assert.Equal(HttpStatusCode.BadRequest, fake.Status);
            Assert.Contains("its contents are not one", fake.Errors);
            Assert.Equal(0, await site.QueryAsync(db => db.Photos.CountAsync()));
            Assert.Empty(Directory.GetFiles(folder));

            var added = await Add("Sunset", ("Url", "sunset.png", png), "image/png");
            Assert.Equal("/admin/blog/photo", added.Location);
            var photo = await site.QueryAsync(db => db.Photos.AsNoTracking().SingleAsync());
            Assert.Equal(png, await File.ReadAllBytesAsync(Path.Combine(folder, photo.Url), TestContext.Current.CancellationToken));

            // A change without a file keeps the stored one.
            var change = await curator.GetAsync($"/admin/blog/photo/{photo.Id}");
            Assert.Contains($"Now: {photo.Url}.", change.Html);
            var saved = await curator.PostMultipartAsync($"/admin/blog/photo/{photo.Id}", [("__RequestVerificationToken", change.Token), ("Title", "Dusk")]);
            Assert.Equal(HttpStatusCode.Redirect, saved.Status);
            Assert.Equal(("Dusk", photo.Url), await site.QueryAsync(async db =>
                await db.Photos.Where(p => p.Id == photo.Id).Select(p => new ValueTuple<string, string>(p.Title, p.Url)).SingleAsync()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_form_opened_before_someone_elses_save_is_refused_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var id = await AddPostAsync(site, "Hello", "First body");
        await site.CreateStaffAsync("chief", "blog.change_post", "blog.change_post_title");
        var chief = await site.SignedInAsync("chief");
        var url = $"/admin/blog/post/{id}";
        Task<Post> Stored() => site.QueryAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        Task<int> History() => site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ObjectType == "blog.post"));

        // The post's concurrency token travels in the form as read, hidden: never a field.
        var page = await chief.GetAsync(url);
        var version = (await Stored()).Version.ToString();
        Assert.Contains($"<input type=\"hidden\" name=\"Version\" value=\"{version}\">", page.Html);
        Assert.DoesNotContain("id=\"id_Version\"", page.Html);
        Assert.DoesNotContain("data-read-only-field=\"Version\"", page.Html);

        // Someone else saves the post in between: the form is shown again with what was typed, and nothing is saved.
        await site.QueryAsync(async db =>
        {
            (await db.Posts.SingleAsync(p => p.Id == id)).Body = "Their body";
            return await db.SaveChangesAsync();
        });
        var theirs = await Stored();
        Assert.NotEqual(version, theirs.Version.ToString());
        var entries = await History();
        var stale = await chief.PostAsync(url, page.Token, ("Title", "Mine"), ("Body", "My body"), ("Version", version));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Someone else changed the post “Hello” since you opened it; nothing was saved. Reload and try again.", stale.Errors);
        Assert.Contains(">My body</textarea>", stale.Html);
        Assert.Equal(version, stale.InputValue("Version")); // saving the same form again is refused again
        Assert.Equal(("Hello", "Their body", theirs.Version), ((await Stored()).Title, (await Stored()).Body, (await Stored()).Version));
        Assert.Equal(entries, await History());

        // A form without its token is refused before anything is saved.
        var incomplete = await chief.PostAsync(url, page.Token, ("Title", "Mine"), ("Body", "My body"));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.Status);
        Assert.Contains(EntitiesController.IncompleteForm, incomplete.Errors);
        Assert.Equal("Their body", (await Stored()).Body);

        // Reloaded, the form saves, and the save gives the post a new version.
        var fresh = await chief.GetAsync(url);
        Assert.Equal(theirs.Version.ToString(), fresh.InputValue("Version"));
        var saved = await chief.PostAsync(url, fresh.Token, ("Title", "Mine"), ("Body", "My body"), ("Version", fresh.InputValue("Version")));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var mine = await Stored();
        Assert.Equal(("Mine", "My body"), (mine.Title, mine.Body));
        Assert.NotEqual(theirs.Version, mine.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_inline_child_changed_by_someone_else_refuses_the_whole_form(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var id = await AddPostAsync(site, "Post", "", comments: ["First", "Second"]);
        var (first, second) = await site.QueryAsync(async db =>
        {
            var ids = await db.Comments.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            return (ids[0], ids[1]);
        });
        await site.CreateStaffAsync("moderator", "blog.change_post", "blog.view_comment", "blog.change_comment", "blog.delete_comment");
        var moderator = await site.SignedInAsync("moderator");
        var url = $"/admin/blog/post/{id}";
        var page = await moderator.GetAsync(url);
        Assert.NotNull(page.InputValue("Comments-1-Version"));
        (string, string?)[] Form(bool withTokens) =>
        [
            ("Body", "New body"), ("Comments-TOTAL", "2"), .. withTokens ? Versions(page) : [("Version", page.InputValue("Version"))],
            ("Comments-0-Id", first.ToString(CultureInfo.InvariantCulture)), ("Comments-0-AuthorName", "ann"), ("Comments-0-Text", "First"),
            ("Comments-1-Id", second.ToString(CultureInfo.InvariantCulture)), ("Comments-1-AuthorName", "ann"), ("Comments-1-Text", "Second"), ("Comments-1-DELETE", "true"),
        ];

        // A comment row without its token is an incomplete form.
        var incomplete = await moderator.PostAsync(url, page.Token, Form(withTokens: false));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.Status);
        Assert.Contains(EntitiesController.IncompleteForm, incomplete.Errors);

        // Someone else edits the second comment: deleting it from the older form is refused, and the post's change with it.
        await site.QueryAsync(async db =>
        {
            (await db.Comments.SingleAsync(c => c.Id == second)).Text = "Edited elsewhere";
            return await db.SaveChangesAsync();
        });
        var stale = await moderator.PostAsync(url, page.Token, Form(withTokens: true));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Someone else changed the comment “ann: Edited elsewhere” since you opened it; nothing was saved.", stale.Errors);
        Assert.Equal("", await site.QueryAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Body).SingleAsync()));
        Assert.Equal(["First", "Edited elsewhere"], await site.QueryAsync(db => db.Comments.OrderBy(c => c.Id).Select(c => c.Text).ToListAsync()));
        Assert.Equal(0, await site.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ActorName == "moderator")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_secret_field_is_never_shown_kept_when_left_blank_and_changed_without_values_in_the_history(DatabaseKind kind)
    {
        // Identity marks the user name, e-mail and phone number [ProtectedPersonalData]; this registration adds the last name.
        await using var site = await AdminSite.StartAsync(kind, builder => builder.Services.AddEntityAdmin<PermissionsUser>(user => user
            .Secret(u => u.LastName)
            .ReadOnly(u => u.DateJoined)));
        var ann = await site.CreateUserAsync("ann");
        await site.QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == ann.Id);
            (user.PhoneNumber, user.LastName) = ("555-0100", "Lovelace");
            return await db.SaveChangesAsync();
        });
        await site.CreateUserAsync("root", staff: true, superuser: true);
        var root = await site.SignedInAsync("root");
        var url = $"/admin/auth/user/{ann.Id}";
        string[] secrets = ["555-0100", "Lovelace", "LOVELACE", "ann@example.com"];

        // Password inputs, never filled in; the user is named by id, the user name being secret.
        var page = await root.GetAsync(url);
        foreach (var name in new[] { "UserName", "Email", "PhoneNumber", "LastName" })
        {
            Assert.Matches($"<input [^>]*type=\"password\" id=\"id_{name}\" name=\"{name}\" autocomplete=\"new-password\"", page.Html);
        }
        Assert.Contains($"permissions user {ann.Id}", page.Text);
        Assert.Contains("Stored and never shown", page.Text);
        var list = await root.GetAsync("/admin/auth/user");
        Assert.Contains("••••••••", list.Html);
        Assert.DoesNotContain("?o=PhoneNumber\"", list.Html); // a secret column does not sort the list
        foreach (var value in secrets) Assert.True(!page.Html.Contains(value) && !list.Html.Contains(value), $"{value} is on a page.");

        // A new phone number; the other secrets left blank keep their values.
        var form = HtmlForm.Parse(page.Html, url).Single(f => f.Names.Contains("PhoneNumber"));
        Assert.Equal(HttpStatusCode.Redirect, (await root.PostAsync(url, null, form.With("PhoneNumber", "555-0199"))).Status);
        var stored = await site.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == ann.Id));
        Assert.Equal(("ann", "ann@example.com", "555-0199", "Lovelace"), (stored.UserName, stored.Email, stored.PhoneNumber, stored.LastName));

        var entry = await site.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.ObjectType == "auth.user" && e.ActorName == "root"));
        Assert.Equal("Changed Phone number.", Audit.AuditText.Summary(entry));
        Assert.DoesNotContain("555-01", entry.Changes + entry.ObjectRepr);
        var history = await root.GetAsync(url + "/history");
        Assert.Contains("Changed Phone number", history.Text);
        Assert.DoesNotContain("555-01", history.Html);
    }

    [Fact]
    public async Task A_mistake_in_a_registration_stops_the_site_at_startup()
    {
        static async Task<string> StartWith(Action<IServiceCollection> register)
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite, builder => register(builder.Services));
            });
            return refused.Message;
        }
        Assert.Contains("guards Name with auth.nope, which the catalogue lacks",
            await StartWith(s => s.AddEntityAdmin<PermissionsGroup>(g => g.FieldPermission(e => e.Name, "auth.nope"))));
        Assert.Contains("cannot filter on Name", await StartWith(s => s.AddEntityAdmin<PermissionsGroup>(g => g.Filter(e => e.Name))));
        Assert.Contains("searches Id, which is not text", await StartWith(s => s.AddEntityAdmin<PermissionsGroup>(g => g.Search(e => e.Id))));
        Assert.Contains("single int key; AuditEntry", await StartWith(s => s.AddEntityAdmin<PermissionsAdmin.Model.AuditEntry>()));
        Assert.Contains("Post is registered with the admin twice", await StartWith(s => s.AddEntityAdmin<Post>()));
        Assert.Contains("searches, filters or orders by Name, which is secret",
            await StartWith(s => s.AddEntityAdmin<PermissionsGroup>(g => g.Secret(e => e.Name).Search(e => e.Name))));
        Assert.Contains("keeps Permissions secret, which is not a mapped property",
            await StartWith(s => s.AddEntityAdmin<PermissionsGroup>(g => g.Secret(e => e.Permissions))));
    }

    /// <summary>The concurrency tokens a post's change page carries: the post's version and its first two comments'.</summary>
    private static IEnumerable<(string, string?)> Versions(Page page) =>
        new[] { "Version", "Comments-0-Version", "Comments-1-Version" }.Select(name => (name, page.InputValue(name)));

    private static Task<int> AddPostAsync(AdminSite site, string title, string body, bool published = false, string[]? comments = null) =>
        site.QueryAsync(async db =>
        {
            var post = new Post { Title = title, Body = body, IsPublished = published };
            foreach (var text in comments ?? []) post.Comments.Add(new Comment { AuthorName = "ann", Text = text });
            db.Posts.Add(post);
            await db.SaveChangesAsync();
            return post.Id;
        });
}
