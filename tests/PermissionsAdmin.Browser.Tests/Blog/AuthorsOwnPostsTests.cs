using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Blog;

/// <summary>
/// Object permissions end to end (issue 5): a creator's new post is theirs to edit, another creator's is not, and the
/// admin's object permissions page grants a post to someone else.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuthorsOwnPostsTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private const string BobsTitle = "Bob's notes on compost";

    private int _bobsPost;

    protected override async Task ArrangeAsync()
    {
        await Site.CreateUserAsync("alice", "Creators");
        var bob = await Site.CreateUserAsync("bob", "Creators");
        await Site.CreateUserAsync("editor", "Editors");
        _bobsPost = await Site.AddPostAsync(BobsTitle, "Bob wrote this one.", bob,
            createdAt: new DateTime(2026, 1, 15, 9, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_creator_edits_the_post_she_wrote_and_another_creator_gets_access_denied_on_it()
    {
        const string title = "Alice's allotment diary";
        var alice = await NewPageAsync();
        await SignInAsync(alice, "alice");

        await alice.Locator("#nav-new-post").ClickAsync();
        await alice.Locator("#Title").FillAsync(title);
        await alice.Locator("#Body").FillAsync("Week one: the beans are in.");
        await alice.Locator("#save-post").ClickAsync();

        await Expect(alice).ToHaveURLAsync(Site.BaseUrl + "/posts");
        await Expect(alice.Locator("#status-message")).ToHaveTextAsync($"Post “{title}” created.");
        var mine = alice.Locator("#posts tbody tr[data-post-id]").Filter(new() { Has = alice.Locator("th", new() { HasTextString = title }) });
        var bobs = alice.Locator($"#posts tbody tr[data-post-id='{_bobsPost}']");
        await Expect(mine.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToBeVisibleAsync();
        await Expect(mine.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Delete") })).ToBeVisibleAsync();
        await Expect(bobs).ToBeVisibleAsync();
        await Expect(bobs.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToHaveCountAsync(0);
        await Expect(bobs.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Delete") })).ToHaveCountAsync(0);

        await mine.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") }).ClickAsync();
        var id = await Site.QueryAsync(db => db.Posts.Where(p => p.Title == title).Select(p => p.Id).SingleAsync());
        await Expect(alice).ToHaveURLAsync($"{Site.BaseUrl}/posts/{id}/edit");
        await alice.Locator("#Body").FillAsync("Week two: the slugs found the beans.");
        await alice.Locator("#save-post").ClickAsync();
        await Expect(alice).ToHaveURLAsync(Site.BaseUrl + "/posts");
        await Expect(alice.Locator("#status-message")).ToHaveTextAsync($"Post “{title}” saved.");
        Assert.Equal("Week two: the slugs found the beans.", await Site.QueryAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Body).SingleAsync()));

        // Bob, also a creator, sees her post without buttons, and its edit address answers Access denied.
        var bob = await NewPageAsync();
        await SignInAsync(bob, "bob");
        await bob.GotoAsync("/posts");
        await Expect(bob.Locator($"#posts tr[data-post-id='{id}']").GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToHaveCountAsync(0);
        await Expect(bob.Locator($"#posts tr[data-post-id='{_bobsPost}']").GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToBeVisibleAsync();
        var response = await bob.GotoAsync($"/posts/{id}/edit");
        Assert.NotNull(response);
        Assert.Equal(403, response.Status);
        await Expect(bob.Locator("#error-page[data-status='403']")).ToBeVisibleAsync();
        await Expect(bob.Locator("#error-page h1")).ToHaveTextAsync("Access denied");
        await Expect(bob.Locator("#Body")).ToHaveCountAsync(0);
        Assert.Equal("Week two: the slugs found the beans.", await Site.QueryAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.Body).SingleAsync()));
        AssertPagesHealthy();
    }

    [Fact]
    public async Task A_superuser_grants_another_creator_a_post_on_its_object_permissions_page()
    {
        await Site.CreateStaffAsync("admin", superuser: true);
        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        await admin.GotoAsync($"/admin/objects/blog/post/{_bobsPost}");
        await Expect(admin.Locator("h1")).ToHaveTextAsync($"Object permissions: {BobsTitle}");
        await Expect(admin.Locator("#users tr[data-holder='user:bob'] [data-permission]")).ToHaveCountAsync(2);

        await admin.GetByLabel("a user").CheckAsync();
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("alice");
        await admin.GetByLabel("Permission", new() { Exact = true }).SelectOptionAsync("blog.change_post");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Expect(admin.Locator("[data-success]")).ToHaveTextAsync($"Granted blog.change_post on “{BobsTitle}” to user “alice”.");
        await admin.GetByLabel("a group").CheckAsync();
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Editors");
        await admin.GetByLabel("Permission", new() { Exact = true }).SelectOptionAsync("blog.delete_post");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Expect(admin.Locator("#groups tr[data-holder='group:Editors'] [data-permission]")).ToHaveTextAsync(["Can delete post blog.delete_post Remove blog.delete_post from group Editors"]);
        await ScreenshotAsync(admin, "admin-object-permissions", fullPage: true);

        await admin.Locator("#object-history").ClickAsync();
        await Expect(admin.Locator("main")).ToContainTextAsync("Granted user alice: blog.change_post");
        await Expect(admin.Locator("main")).ToContainTextAsync("Granted group Editors: blog.delete_post");

        // Alice may now edit Bob's post, and nothing else of his.
        var alice = await NewPageAsync();
        await SignInAsync(alice, "alice");
        await alice.GotoAsync("/posts");
        var bobs = alice.Locator($"#posts tr[data-post-id='{_bobsPost}']");
        await Expect(bobs.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToBeVisibleAsync();
        await Expect(bobs.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Delete") })).ToHaveCountAsync(0);
        AssertPagesHealthy();
    }

    [Fact]
    public async Task A_post_granted_to_anyone_is_read_by_a_visitor_who_is_not_signed_in()
    {
        await Site.CreateStaffAsync("admin", superuser: true);
        var visitor = await NewPageAsync();
        await visitor.GotoAsync($"/posts/{_bobsPost}");
        await Expect(visitor).ToHaveURLAsync(new Regex("/account/login"));

        var admin = await NewPageAsync();
        await AdminSignInAsync(admin, "admin");
        await admin.GotoAsync($"/admin/objects/blog/post/{_bobsPost}");
        await admin.GetByLabel("anyone", new() { Exact = true }).CheckAsync();
        await admin.GetByLabel("Permission", new() { Exact = true }).SelectOptionAsync("blog.view_post");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Expect(admin.Locator("[data-success]")).ToHaveTextAsync($"Granted blog.view_post on “{BobsTitle}” to anyone.");
        await Expect(admin.Locator("#anyone [data-permission]")).ToHaveTextAsync(["Can view post blog.view_post Remove blog.view_post from anyone"]);
        await AssertFitsAPhoneAsync(admin, "admin-object-permissions-390");

        await visitor.GotoAsync($"/posts/{_bobsPost}");
        await Expect(visitor.Locator("#post h1")).ToHaveTextAsync(BobsTitle);
        await Expect(visitor.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToHaveCountAsync(0);
        await ScreenshotAsync(visitor, "blog-post-anyone");
        await AssertFitsAPhoneAsync(visitor, "blog-post-anyone-390");
        AssertPagesHealthy();
    }
}
