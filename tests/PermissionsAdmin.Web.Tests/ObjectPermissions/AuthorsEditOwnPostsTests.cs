using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Blog;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.ObjectPermissions;

/// <summary>
/// The demo's rule (issue 5): creating a post grants its author change and delete on it; Creators hold no model-level
/// change or delete, Editors keep model-level change. Edit and delete are checked on the post; the list shows the
/// buttons exactly where allowed, for one object-permission query per page.
/// </summary>
public sealed class AuthorsEditOwnPostsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_post_gives_its_author_change_and_delete_on_it_in_the_same_request(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Creators", "ann");
        Assert.Equal(["blog.add_photo", "blog.add_post", "blog.change_photo", "blog.delete_photo", "blog.view_photo", "blog.view_post"],
            await site.QueryAsync(db => db.GroupPermissionNamesAsync("Creators"))); // no model-level change or delete of posts
        var ann = await site.SignedInToSiteAsync("ann");

        var created = await ann.SubmitAsync("/posts/new", "/posts/new", ("Title", "Ann's first"), ("Body", "Hello."));

        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var id = await site.QueryAsync(db => db.Posts.Where(p => p.Title == "Ann's first").Select(p => p.Id).SingleAsync());
        Assert.Equal(["user ann: blog.change_post", "user ann: blog.delete_post"], await site.GrantsOnPostAsync(id));
        var audit = await site.QueryAsync(db => db.AuditEntries.Where(e => e.ObjectType == "blog.post" && e.ObjectId == id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(e => e.Id).Select(e => new { e.ActorName, e.ActorId, e.Channel, e.ObjectRepr, e.Changes }).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal(("post author grant", (int?)null, "web", "Ann's first"), (e.ActorName, e.ActorId, e.Channel, e.ObjectRepr)));
        Assert.Contains("user ann: blog.change_post", audit[0].Changes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_creator_edits_and_deletes_their_own_post_but_not_another_creators_and_an_editor_edits_both(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var annUser = await site.CreateUserAsync("ann");
        var bobUser = await site.CreateUserAsync("bob");
        await site.CreateUserAsync("eve");
        await site.AddMemberAsync("Creators", "ann");
        await site.AddMemberAsync("Creators", "bob");
        await site.AddMemberAsync("Editors", "eve");
        var annPost = await site.AddPostAsync("Ann's post", annUser);
        var bobPost = await site.AddPostAsync("Bob's post", bobUser);
        var ann = await site.SignedInToSiteAsync("ann");
        var bob = await site.SignedInToSiteAsync("bob");
        var eve = await site.SignedInToSiteAsync("eve");

        // Ann edits her own post (the body; a title needs blog.change_post_title and is ignored from her).
        var form = await ann.GetAsync($"/posts/{annPost}/edit");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var saved = await ann.PostAsync($"/posts/{annPost}/edit", form.Token, ("Title", "Retitled"), ("Body", "Ann's new body."), ("Version", form.InputValue("Version")));
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var stored = (await site.FindPostAsync(annPost))!;
        Assert.Equal(("Ann's post", "Ann's new body."), (stored.Title, stored.Body));

        // Bob's post is not hers: 403 to the page, the save and the delete, and nothing changes.
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync($"/posts/{bobPost}/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsync($"/posts/{bobPost}/edit", form.Token, ("Body", "Defaced."))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync($"/posts/{bobPost}/delete")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsync($"/posts/{bobPost}/delete", form.Token)).Status);
        Assert.Equal("The body of Bob's post.", (await site.FindPostAsync(bobPost))!.Body);

        // And the other way round.
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"/posts/{annPost}/edit")).Status);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/posts/{bobPost}/edit")).Status);

        // An editor changes any post (model-level blog.change_post covers every object) but deletes none.
        foreach (var post in new[] { annPost, bobPost })
        {
            var editorForm = await eve.GetAsync($"/posts/{post}/edit");
            Assert.Equal(HttpStatusCode.OK, editorForm.Status);
            var edited = await eve.PostAsync($"/posts/{post}/edit", editorForm.Token,
                ("Title", $"Edited {post}"), ("Body", "By the editor."), ("Version", editorForm.InputValue("Version")));
            Assert.Equal(HttpStatusCode.Redirect, edited.Status);
            Assert.Equal($"Edited {post}", (await site.FindPostAsync(post))!.Title);
            Assert.Equal(HttpStatusCode.Forbidden, (await eve.PostAsync($"/posts/{post}/delete", editorForm.Token)).Status);
        }

        // Ann deletes her post, after a confirmation listing what goes with it (its comments, any grants on it).
        await site.QueryAsync(async db =>
        {
            db.Comments.Add(new Comment { PostId = annPost, AuthorName = "bob", Text = "Nice one" });
            return await db.SaveChangesAsync();
        });
        var confirm = await ann.GetAsync($"/posts/{annPost}/delete");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("1 comment", confirm.Text);
        Assert.Contains("bob: Nice one", confirm.Text);
        var title = (await site.FindPostAsync(annPost))!.Title;
        Assert.Equal(2, (await site.GrantsOnPostAsync(annPost)).Count);
        foreach (var grant in await site.GrantsOnPostAsync(annPost)) Assert.Contains($"{grant} on {title}", confirm.Text);
        Assert.NotNull(await site.FindPostAsync(annPost));
        var deleted = await ann.PostAsync($"/posts/{annPost}/delete", confirm.Token);
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        Assert.Null(await site.FindPostAsync(annPost));
        Assert.Empty(await site.GrantsOnPostAsync(annPost));
        Assert.Equal(0, await site.QueryAsync(db => db.Comments.CountAsync(c => c.PostId == annPost)));
        Assert.NotNull(await site.FindPostAsync(bobPost));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_missing_post_is_404_only_for_those_who_may_change_some_post(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var annUser = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("sam");
        await site.CreateUserAsync("cid");
        await site.AddMemberAsync("Creators", "ann");
        await site.AddMemberAsync("Subscribers", "sam");
        await site.AddMemberAsync("Creators", "cid");
        var annPost = await site.AddPostAsync("Ann's post", annUser);
        const int missing = 987654;

        // Ann holds change on one post: a missing one is 404 for her.
        var ann = await site.SignedInToSiteAsync("ann");
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/posts/{missing}/edit")).Status);
        // Sam and Cid hold change on no post at all: 403 whether the post exists or not.
        foreach (var userName in new[] { "sam", "cid" })
        {
            var browser = await site.SignedInToSiteAsync(userName);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/posts/{missing}/edit")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/posts/{annPost}/edit")).Status);
        }
        // Anonymous visitors are sent to sign in.
        var anonymous = await site.NewBrowser().GetAsync($"/posts/{annPost}/edit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.Status);
        Assert.StartsWith("http://localhost/account/login", anonymous.Location);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_post_list_shows_edit_and_delete_exactly_where_allowed(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var annUser = await site.CreateUserAsync("ann");
        var bobUser = await site.CreateUserAsync("bob");
        await site.CreateUserAsync("eve");
        await site.AddMemberAsync("Creators", "ann");
        await site.AddMemberAsync("Creators", "bob");
        await site.AddMemberAsync("Editors", "eve");
        var annPost = await site.AddPostAsync("Ann's post", annUser);
        var bobPost = await site.AddPostAsync("Bob's post", bobUser);
        var orphan = await site.AddPostAsync("Nobody's post");

        var annList = await (await site.SignedInToSiteAsync("ann")).GetAsync("/posts");
        Assert.Equal(HttpStatusCode.OK, annList.Status);
        Assert.Equal((true, true), Buttons(annList, annPost));
        Assert.Equal((false, false), Buttons(annList, bobPost));
        Assert.Equal((false, false), Buttons(annList, orphan));

        var bobList = await (await site.SignedInToSiteAsync("bob")).GetAsync("/posts");
        Assert.Equal((false, false), Buttons(bobList, annPost));
        Assert.Equal((true, true), Buttons(bobList, bobPost));

        // The editor's model-level change shows Edit everywhere; Delete nowhere.
        var eveList = await (await site.SignedInToSiteAsync("eve")).GetAsync("/posts");
        foreach (var post in new[] { annPost, bobPost, orphan }) Assert.Equal((true, false), Buttons(eveList, post));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_page_of_twenty_posts_costs_one_object_permission_query(DatabaseKind kind)
    {
        var queries = new QueryCounter { KeepsCommands = true };
        await using var site = await AdminSite.StartAsync(kind, builder => builder.CountQueries(queries));
        var annUser = await site.CreateUserAsync("ann");
        var bobUser = await site.CreateUserAsync("bob");
        await site.AddMemberAsync("Creators", "ann");
        await site.AddMemberAsync("Creators", "bob");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var posts = new List<int>();
        for (var i = 0; i < PostsController.PageSize; i++)
        {
            posts.Add(await site.AddPostAsync($"Post {i:00}", i % 2 == 0 ? annUser : bobUser, start.AddMinutes(i)));
        }
        var ann = await site.SignedInToSiteAsync("ann");
        await ann.GetAsync("/posts"); // warm: the sign-in cookie's account and permissions are cached after this

        queries.Reset();
        var page = await ann.GetAsync("/posts");
        var sent = queries.Texts();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        for (var i = 0; i < posts.Count; i++) Assert.Equal((i % 2 == 0, i % 2 == 0), Buttons(page, posts[i]));
        var objectQueries = sent.Where(c => c.Contains("ObjectPermissions", StringComparison.Ordinal)).ToList();
        Assert.True(objectQueries.Count == 1, $"{objectQueries.Count} object-permission queries:\n{string.Join("\n---\n", objectQueries)}");
        // The whole page: the post count, the page of posts and that one query (the account is cached).
        Assert.True(sent.Count <= 3, $"{sent.Count} commands:\n{string.Join("\n---\n", sent)}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_edit_page_of_an_own_post_reads_the_post_and_the_grants_on_it_and_nothing_else(DatabaseKind kind)
    {
        var queries = new QueryCounter { KeepsCommands = true };
        await using var site = await AdminSite.StartAsync(kind, builder => builder.CountQueries(queries));
        var annUser = await site.CreateUserAsync("ann");
        await site.AddMemberAsync("Creators", "ann");
        var post = await site.AddPostAsync("Ann's post", annUser);
        var ann = await site.SignedInToSiteAsync("ann");
        await ann.GetAsync($"/posts/{post}/edit"); // warm: the account and permissions are cached after this

        queries.Reset();
        var page = await ann.GetAsync($"/posts/{post}/edit");
        var sent = queries.Texts();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        // The post, then the user's grants on it. "Any grant on a post at all" (which tells 404 from 403) is implied
        // by a grant on this one, so it is not asked.
        Assert.True(sent.Count == 2, $"{sent.Count} commands:\n{string.Join("\n---\n", sent)}");
        Assert.Contains("Posts", sent[0], StringComparison.Ordinal);
        Assert.Contains("ObjectPermissions", sent[1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_missing_post_is_404_only_to_those_who_may_edit_some_post(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var annUser = await site.CreateUserAsync("ann");
        await site.CreateUserAsync("bob");
        await site.AddMemberAsync("Creators", "ann");
        await site.AddMemberAsync("Creators", "bob");
        var annPost = await site.AddPostAsync("Ann's post", annUser);
        var ann = await site.SignedInToSiteAsync("ann");
        var bob = await site.SignedInToSiteAsync("bob");

        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync("/posts/999999/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/posts/999999/edit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"/posts/{annPost}/edit")).Status);
    }

    /// <summary>Whether the post's row has the Edit link and the Delete button.</summary>
    private static (bool Edit, bool Delete) Buttons(Page page, int postId)
    {
        var row = Regex.Match(page.Html, $"<tr data-post-id=\"{postId}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"No row for post {postId}:\n{page}");
        return (row.Value.Contains($"href=\"/posts/{postId}/edit\"", StringComparison.Ordinal),
            row.Value.Contains($"href=\"/posts/{postId}/delete\"", StringComparison.Ordinal));
    }
}
