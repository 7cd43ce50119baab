using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Blog;

/// <summary>
/// The demo blog in a real browser (issue 3), as each demo group's member sees it: the menus follow the permissions,
/// a signed-in user without one gets the Access denied page, an anonymous visitor is sent to sign in and back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DemoBlogTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private const string PublishedTitle = "Welcome to the demo blog";
    private const string DraftTitle = "A draft waiting for an editor";

    private int _draftId;

    protected override async Task ArrangeAsync()
    {
        var creator = await Site.CreateUserAsync("creator", "Creators");
        await Site.CreateUserAsync("subscriber", "Subscribers");
        await Site.CreateUserAsync("editor", "Editors");
        // Fixed dates, so the screenshots do not change from run to run.
        await Site.AddPostAsync(PublishedTitle, "Everyone sees this post on the home page.", creator, published: true,
            createdAt: new DateTime(2026, 1, 15, 9, 30, 0, DateTimeKind.Utc));
        _draftId = await Site.AddPostAsync(DraftTitle, "Creators write posts; only editors publish, feature or retitle them.", creator,
            createdAt: new DateTime(2026, 1, 16, 14, 5, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_subscriber_sees_no_new_post_link_and_gets_access_denied_at_the_create_page()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await AssertStylesLoadedAsync(page, "/lib/bootstrap/bootstrap.min.css");
        Assert.Equal("rgb(33, 37, 41)", await page.Locator("nav.navbar").EvaluateAsync<string>("n => getComputedStyle(n).backgroundColor"));
        await Expect(page.Locator("#nav-new-post")).ToHaveCountAsync(0);
        await Expect(page.GetByText(PublishedTitle)).ToBeVisibleAsync();
        await Expect(page.GetByText(DraftTitle)).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "blog-home-signed-out");

        await page.Locator("#nav-login").ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/account/login");
        await ScreenshotAsync(page, "blog-login");
        await SubmitSignInAsync(page, "subscriber");

        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/");
        await Expect(page.Locator("#nav-user")).ToContainTextAsync("subscriber");
        await Expect(page.Locator("#work-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("nav a[href='/posts']")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav-new-post")).ToHaveCountAsync(0);
        await Expect(page.Locator("#nav-upload-photo")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "blog-home-subscriber");

        var response = await page.GotoAsync("/posts/new");

        Assert.NotNull(response);
        Assert.Equal(403, response.Status);
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/posts/new"); // no redirect to the sign-in page
        await Expect(page.Locator("#error-page[data-status='403']")).ToBeVisibleAsync();
        await Expect(page.Locator("#error-page h1")).ToHaveTextAsync("Access denied");
        await Expect(page.Locator("#error-page")).ToContainTextAsync("You are signed in as subscriber");
        await Expect(page.Locator("#Title")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "blog-access-denied");
        AssertPagesHealthy();
    }

    [Fact]
    public async Task A_creator_follows_the_new_post_link_and_creates_a_post()
    {
        const string title = "Spring at the allotment";
        var page = await NewPageAsync();
        await SignInAsync(page, "creator");
        await ScreenshotAsync(page, "blog-home-creator");

        await page.Locator("#nav-new-post").ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/posts/new");
        await page.Locator("#Title").FillAsync(title);
        await page.Locator("#Body").FillAsync("The first beans are in, and the slugs have noticed.");
        await page.Locator("#save-post").ClickAsync();

        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/posts");
        await Expect(page.Locator("#status-message")).ToHaveTextAsync($"Post “{title}” created.");
        var row = page.Locator("#posts tbody tr[data-post-id]").Filter(new() { Has = page.Locator("th", new() { HasTextString = title }) });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("creator");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Draft");
        // A creator edits and deletes, but neither publishes nor features.
        await Expect(row.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Delete") })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToHaveCountAsync(0);

        var stored = await Site.QueryAsync(db => db.Posts.Where(p => p.Title == title)
            .Select(p => new { Author = p.Author!.UserName, p.Body, p.IsPublished }).SingleAsync());
        Assert.Equal("creator", stored.Author);
        Assert.Equal("The first beans are in, and the slugs have noticed.", stored.Body);
        Assert.False(stored.IsPublished);
        AssertPagesHealthy();
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_comes_back_to_the_create_page()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/posts/new");

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fposts%2Fnew$"));
        await Expect(page.Locator("#login")).ToBeVisibleAsync();
        await SubmitSignInAsync(page, "creator");

        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/posts/new");
        await Expect(page.Locator("#nav-user")).ToContainTextAsync("creator");
        await Expect(page.Locator("#Title")).ToBeEditableAsync();
        await Expect(page.Locator("#save-post")).ToBeVisibleAsync();
        AssertPagesHealthy();
    }

    [Fact]
    public async Task An_editor_may_change_a_title_and_a_creator_sees_it_read_only()
    {
        var editor = await NewPageAsync();
        await SignInAsync(editor, "editor");
        await editor.Locator("nav a[href='/posts']").ClickAsync();
        var draft = editor.Locator($"#posts tr[data-post-id='{_draftId}']");
        await Expect(draft.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToBeVisibleAsync();
        await Expect(draft.GetByRole(AriaRole.Button, new() { Name = "Feature" })).ToBeVisibleAsync();
        await Expect(draft.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Delete") })).ToHaveCountAsync(0);
        await Expect(editor.Locator("#nav-new-post")).ToHaveCountAsync(0);
        await ScreenshotAsync(editor, "blog-posts-editor");

        await draft.GetByRole(AriaRole.Link, new() { NameRegex = RowButton("Edit") }).ClickAsync();
        await Expect(editor).ToHaveURLAsync($"{Site.BaseUrl}/posts/{_draftId}/edit");
        await Expect(editor.Locator("#Title")).ToHaveValueAsync(DraftTitle);
        await Expect(editor.Locator("#Title")).ToBeEditableAsync();
        await Expect(editor.Locator("#title-locked")).ToHaveCountAsync(0);
        await ScreenshotAsync(editor, "blog-edit-editor");

        var creator = await NewPageAsync();
        await SignInAsync(creator, "creator");
        await creator.GotoAsync($"/posts/{_draftId}/edit");
        await Expect(creator.Locator("#Title")).ToHaveValueAsync(DraftTitle);
        await Expect(creator.Locator("#Title")).Not.ToBeEditableAsync();
        await Expect(creator.Locator("#Title")).ToBeDisabledAsync();
        await Expect(creator.Locator("#title-locked")).ToContainTextAsync("read-only");
        await Expect(creator.Locator("#Body")).ToBeEditableAsync();
        await ScreenshotAsync(creator, "blog-edit-creator");

        // The creator's save changes the body and keeps the title.
        await creator.Locator("#Body").FillAsync("Reworded by the creator.");
        await creator.Locator("#save-post").ClickAsync();
        await Expect(creator).ToHaveURLAsync(Site.BaseUrl + "/posts");
        await Expect(creator.Locator("#status-message")).ToHaveTextAsync($"Post “{DraftTitle}” saved.");
        var stored = await Site.QueryAsync(db => db.Posts.Where(p => p.Id == _draftId).Select(p => new { p.Title, p.Body }).SingleAsync());
        Assert.Equal(DraftTitle, stored.Title);
        Assert.Equal("Reworded by the creator.", stored.Body);
        AssertPagesHealthy();
    }
}
