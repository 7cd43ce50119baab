using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using PermissionsAdmin.Web.Blog;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// The entity admin (Django's ModelAdmin) for the demo's posts in a real browser, as three staff users see it: one who
/// may only view, one who may change but not delete (and not retitle), and one who may delete posts but, until granted
/// blog.delete_comment too, not a post with comments.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EntityAdminTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private const string PublishedTitle = "Welcome to the demo blog";
    private const string DraftTitle = "A draft waiting for an editor";
    private const string FirstComment = "Looking forward to reading it.";
    private const string SecondComment = "Please mention the allotment.";

    private int _draftId;

    protected override async Task ArrangeAsync()
    {
        var creator = await Site.CreateUserAsync("creator", "Creators");
        // Fixed dates, so the screenshots do not change from run to run.
        await Site.AddPostAsync(PublishedTitle, "Everyone sees this post on the home page.", creator, published: true,
            createdAt: new DateTime(2026, 1, 15, 9, 30, 0, DateTimeKind.Utc));
        _draftId = await Site.AddPostAsync(DraftTitle, "Creators write posts; only editors publish, feature or retitle them.", creator,
            createdAt: new DateTime(2026, 1, 16, 14, 5, 0, DateTimeKind.Utc));
        await Site.QueryAsync(db =>
        {
            db.Comments.Add(new Comment { PostId = _draftId, AuthorName = "ann", Text = FirstComment, CreatedAt = new DateTime(2026, 1, 17, 8, 0, 0, DateTimeKind.Utc) });
            db.Comments.Add(new Comment { PostId = _draftId, AuthorName = "bob", Text = SecondComment, CreatedAt = new DateTime(2026, 1, 17, 9, 15, 0, DateTimeKind.Utc) });
            return db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task View_alone_shows_the_list_and_a_read_only_post_page()
    {
        await Site.CreateStaffAsync("viewer", superuser: false, "blog.view_post");
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "viewer");
        await OpenPostListAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Select post to view");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = PublishedTitle })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "+ Add post" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete selected posts" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = DraftTitle }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Site.BaseUrl}/admin/blog/post/{_draftId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("View post");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You can view this post but not change it.");
        await Expect(page.Locator("[data-read-only-field='Body']")).ToContainTextAsync("only editors publish");
        await Expect(page.GetByLabel("Body")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete", Exact = true })).ToHaveCountAsync(0);
        AssertPagesHealthy();
    }

    [Fact]
    public async Task Change_without_delete_saves_the_body_and_a_comment_inline_but_not_the_title()
    {
        await Site.CreateStaffAsync("editor", superuser: false,
            "blog.change_post", "blog.view_comment", "blog.change_comment");
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "editor");
        await OpenPostListAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Select post to change");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "+ Add post" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = DraftTitle }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Change post");
        // The title needs blog.change_post_title: shown, not editable; publishing needs blog.publish_post.
        var title = page.Locator("[data-read-only-field='Title']");
        await Expect(title).ToContainTextAsync(DraftTitle);
        await Expect(title).ToContainTextAsync("Changing it needs the permission blog.change_post_title.");
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-read-only-field='IsPublished']")).ToContainTextAsync("blog.publish_post");
        // Neither the post nor its comments may be deleted.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Delete" })).ToHaveCountAsync(0);
        var comments = page.GetByRole(AriaRole.Region, new() { Name = "Comments" });
        await Expect(comments.GetByRole(AriaRole.Group)).ToHaveCountAsync(2); // no blank "New comment" row without blog.add_comment
        await ScreenshotAsync(page, "admin-entity-change", fullPage: true);
        await AssertFitsAPhoneAsync(page, "admin-entity-change-390");

        await page.GetByLabel("Body").FillAsync("Edited in the admin: the body changes, the title stays.");
        var second = comments.GetByRole(AriaRole.Group, new() { Name = "bob: " + SecondComment });
        await second.GetByLabel("Text", new() { Exact = true }).FillAsync("Mentioned, thanks.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/admin/blog/post");
        await Expect(page.Locator("[data-success]")).ToHaveTextAsync($"The post “{DraftTitle}” was changed successfully.");
        var post = await Site.QueryAsync(db => db.Posts.AsNoTracking().Include(p => p.Comments).SingleAsync(p => p.Id == _draftId));
        Assert.Equal(DraftTitle, post.Title);
        Assert.Equal("Edited in the admin: the body changes, the title stays.", post.Body);
        Assert.Equal([FirstComment, "Mentioned, thanks."], post.Comments.OrderBy(c => c.Id).Select(c => c.Text));
        AssertPagesHealthy();
    }

    [Fact]
    public async Task Deleting_a_post_with_comments_is_refused_until_comments_may_be_deleted_too()
    {
        var chief = await Site.CreateStaffAsync("chief", superuser: false,
            "blog.view_post", "blog.add_post", "blog.change_post", "blog.delete_post",
            "blog.change_post_title", "blog.publish_post", "blog.feature_post",
            "blog.view_comment", "blog.add_comment", "blog.change_comment");
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "chief");
        await OpenPostListAsync(page);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "+ Add post" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete selected posts" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Select " + DraftTitle })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-entity-list");
        await AssertFitsAPhoneAsync(page, "admin-entity-list-390", async () =>
        {
            // The table scrolls sideways inside its box; the titles keep room for whole words.
            var titleCell = await page.GetByRole(AriaRole.Rowheader, new() { Name = DraftTitle }).BoundingBoxAsync();
            Assert.True(titleCell!.Width >= 150, $"The title column is {titleCell.Width} px wide on a phone.");
        });

        await page.GetByRole(AriaRole.Link, new() { Name = DraftTitle }).ClickAsync();
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(DraftTitle);
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{Site.BaseUrl}/admin/blog/post/{_draftId}/delete");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cannot delete post");
        var refusal = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "doesn't have permission" });
        await Expect(refusal).ToContainTextAsync("your account doesn't have permission to delete the following types of objects:");
        await Expect(refusal.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["comments"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, I'm sure" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back", Exact = true })).ToBeVisibleAsync();

        // Granted blog.delete_comment as well, the same page asks for confirmation and lists the comments that go too.
        await Site.GrantAsync(chief, "blog.delete_comment");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Are you sure?");
        await Expect(page.Locator("[data-delete-summary]")).ToContainTextAsync("Comments: 2");
        var objects = page.Locator("[data-delete-objects]");
        await Expect(objects).ToContainTextAsync("ann: " + FirstComment);
        await Expect(objects).ToContainTextAsync("bob: " + SecondComment);
        await ScreenshotAsync(page, "admin-entity-delete", fullPage: true);
        await AssertFitsAPhoneAsync(page, "admin-entity-delete-390");

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, I'm sure" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/admin/blog/post");
        await Expect(page.Locator("[data-success]")).ToHaveTextAsync($"The post “{DraftTitle}” was deleted successfully.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = DraftTitle })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = PublishedTitle })).ToBeVisibleAsync();
        Assert.Equal((0, 0), await Site.QueryAsync(async db =>
            (await db.Posts.CountAsync(p => p.Id == _draftId), await db.Comments.CountAsync(c => c.PostId == _draftId))));
        AssertPagesHealthy();
    }

    /// <summary>From the admin's dashboard to the post list, through the Posts link.</summary>
    private async Task OpenPostListAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Posts", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/admin/blog/post");
    }
}
