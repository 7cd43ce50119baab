using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Browser.Tests.Support;
using PermissionsAdmin.Groups;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Site;

/// <summary>
/// Issue 20 end to end in a real browser: a subscriber asks for Editors for an hour; an approver without Editors'
/// permissions sees the request but may not approve it; an editor approves; the subscriber retitles a post at once,
/// and is refused once the hour is over by the site's clock; the access page tells the whole story. Approvers are
/// e-mailed (to the site's mail folder).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessRequestsTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    protected override bool MovesTime => true;

    [Fact]
    public async Task A_subscriber_asks_an_editor_approves_and_the_membership_ends_after_the_hour()
    {
        var sam = await Site.CreateUserAsync("sam", "Subscribers");
        await Site.CreateStaffAsync("clerk", superuser: false, "auth.change_user");
        var ed = await Site.CreateStaffAsync("ed");
        await Site.JoinAsync(ed, "Editors");
        var post = await Site.AddPostAsync("Launch notes", "We launch on Monday.", ed, published: true);
        await ArrangeChangedGroupRequestAsync();

        var subscriber = await NewPageAsync();
        await SignInAsync(subscriber, "sam");
        await subscriber.Locator("#nav-access").ClickAsync();
        var editors = subscriber.Locator("[data-group='Editors']");
        await Expect(editors.Locator("[data-gives]")).ToContainTextAsync("blog.change_post_title");
        await editors.GetByLabel("Why do you need it?").FillAsync("Proofreading the launch posts");
        await editors.GetByLabel("For how long?").SelectOptionAsync(new SelectOptionValue { Label = "1 hour" });
        await editors.GetByRole(AriaRole.Button, new() { Name = "Ask for Editors" }).ClickAsync();
        await Expect(subscriber.Locator("#status-message")).ToContainTextAsync("Your request was sent.");
        await Expect(subscriber.Locator("#requests tbody tr").First).ToContainTextAsync("pending");
        var mail = Directory.GetFiles(Site.MailFolder, "*.eml").Select(File.ReadAllText).ToList();
        Assert.Contains(mail, m => m.Contains("ed@example.com", StringComparison.Ordinal) && m.Contains("Access request: sam asks for Editors", StringComparison.Ordinal));

        // An approver by the policy (auth.change_user) who does not hold Editors' permissions: told why, no Approve button.
        var clerk = await NewPageAsync();
        await AdminSignInAsync(clerk, "clerk");
        await clerk.GetByRole(AriaRole.Link, new() { Name = "Access requests", Exact = true }).ClickAsync();
        var seenByClerk = clerk.Locator("[data-request]").Filter(new() { HasText = "sam asks for Editors" });
        await Expect(seenByClerk.Locator("[data-cannot-approve]")).ToContainTextAsync("you do not hold all of its permissions");
        await Expect(seenByClerk.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);

        var editor = await NewPageAsync();
        await AdminSignInAsync(editor, "ed");
        await editor.Locator("[data-access-requests] a").ClickAsync(); // the dashboard's "N access requests wait for you"
        var request = editor.Locator("[data-request]").Filter(new() { HasText = "sam asks for Editors" });
        await Expect(request.Locator("[data-gains]")).ToContainTextAsync("blog.publish_post");
        await Expect(editor.Locator("[data-group-changed]")).ToContainTextAsync("Now adds: blog.add_comment");
        Assert.Empty(await SeriousViolationsAsync(editor, "access requests page"));
        await ScreenshotAsync(editor, "admin-access-requests", fullPage: true);
        await AssertFitsAPhoneAsync(editor, "admin-access-requests-390");
        await request.GetByLabel("Comment").FillAsync("Go ahead for the launch");
        await request.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(editor.Locator("[data-success]")).ToHaveTextAsync("The request of sam for “Editors” was approved.");

        // At once: the subscriber retitles a post (an editor's right).
        await subscriber.GotoAsync($"/posts/{post}/edit");
        await subscriber.Locator("#Title").FillAsync("Launch notes, proofread");
        await subscriber.Locator("#save-post").ClickAsync();
        await Expect(subscriber.Locator("#status-message")).ToContainTextAsync("saved");

        // An hour and a minute later the membership has ended: the same page is refused.
        Site.Clock!.Advance(TimeSpan.FromMinutes(61));
        var refused = await subscriber.GotoAsync($"/posts/{post}/edit");
        Assert.Equal(403, refused!.Status);

        await subscriber.GotoAsync("/account/access");
        var row = subscriber.Locator("#requests tbody tr").First;
        await Expect(row.Locator("[data-status]")).ToContainTextAsync("approved");
        await Expect(row.Locator("[data-until]")).ToContainTextAsync("ended");
        await Expect(row).ToContainTextAsync("ed");
        await Expect(row).ToContainTextAsync("Go ahead for the launch");
        await Expect(subscriber.Locator("[data-notice]").First).ToContainTextAsync("ed approved your request for the group 'Editors'");
        Assert.Empty(await SeriousViolationsAsync(subscriber, "access page"));
        await ScreenshotAsync(subscriber, "site-access", fullPage: true);
        await AssertFitsAPhoneAsync(subscriber, "site-access-390");
        AssertPagesHealthy();
    }

    /// <summary>
    /// A second request waiting for ed, for a group that changed since it was made: the approvers' page warns of the
    /// change (and the screenshot shows it).
    /// </summary>
    private async Task ArrangeChangedGroupRequestAsync()
    {
        await Site.CreateUserAsync("tia");
        var reviewers = await Site.InScopeAsync(services => services.GetRequiredService<GroupAdministration>().CreateAsync("Reviewers", ["blog.view_post"]));
        await Site.InScopeAsync(async services =>
        {
            await services.GetRequiredService<AccessRequestAdministration>().SetPolicyAsync(reviewers.Id,
                new AccessPolicySettings { ApproverGroup = "Editors", JustificationRequired = true });
            return true;
        });
        var page = await NewPageAsync();
        await SignInAsync(page, "tia");
        await page.GotoAsync("/account/access");
        var form = page.Locator("[data-group='Reviewers']");
        await form.GetByLabel("Why do you need it?").FillAsync("Reviewing comments this week");
        await form.GetByLabel("For how long?").SelectOptionAsync(new SelectOptionValue { Label = "7 days" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Ask for Reviewers" }).ClickAsync();
        await Expect(page.Locator("#status-message")).ToContainTextAsync("Your request was sent.");
        var viewPost = await PermissionIdAsync("blog.view_post");
        var addComment = await PermissionIdAsync("blog.add_comment");
        await Site.InScopeAsync(async services =>
        {
            await services.GetRequiredService<GroupAdministration>().UpdateAsync(reviewers.Id, null, null, [viewPost, addComment]);
            return true;
        });
    }

    private Task<int> PermissionIdAsync(string name) => Site.QueryAsync(db =>
        db.Permissions.Where(p => p.ContentType.AppLabel + "." + p.Codename == name).Select(p => p.Id).SingleAsync());
}
