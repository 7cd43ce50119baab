using System.Globalization;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// A membership that ends, in a real browser: the user page names its end in the group chooser and counts down in the
/// effective panel; a group given with an "until" on the form takes that end; the page fits a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GrantEndsTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    [Fact]
    public async Task The_user_page_shows_a_memberships_end_and_gives_a_group_until_a_time()
    {
        await Site.CreateStaffAsync("admin", superuser: true);
        var ivy = await Site.CreateUserAsync("ivy");
        var end = Site.Now.AddHours(3);
        await Site.AddMemberUntilAsync(ivy, "Editors", end);
        var until = $"until {end.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";

        var page = await NewPageAsync();
        await AdminSignInAsync(page, "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "ivy", Exact = true }).ClickAsync();
        await Expect(page.Locator("#id_GroupIds_to option")).ToHaveTextAsync([$"Editors ({until})"]);
        await Expect(page.Locator("[data-effective] [data-expires]").First).ToHaveTextAsync("expires in 3 h");

        await page.Locator("#id_GroupIds_from").SelectOptionAsync(new SelectOptionValue { Label = "Subscribers" });
        await page.Locator(".chooser-field").Filter(new() { Has = page.Locator("#id_GroupIds") })
            .GetByRole(AriaRole.Button, new() { Name = "Choose →" }).ClickAsync();
        await page.Locator("#id_ExpiresAt").FillAsync("2030-01-31T18:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();

        await Expect(page.Locator("[data-success]")).ToHaveTextAsync("The user “ivy” was changed successfully.");
        await Expect(page.Locator("#id_GroupIds_to option")).ToHaveTextAsync([$"Editors ({until})", "Subscribers (until 2030-01-31 18:00 UTC)"]);
        Assert.Equal(["Editors", "Subscribers"], await Site.GroupsOfAsync("ivy"));
        Assert.Empty(await SeriousViolationsAsync(page, "user page with ends"));
        await ScreenshotAsync(page, "admin-user-ends", fullPage: true);
        await AssertFitsAPhoneAsync(page, "admin-user-ends-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "Groups", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscribers", Exact = true }).ClickAsync();
        await Expect(page.Locator("#members [data-member-until]")).ToHaveTextAsync(["until 2030-01-31 18:00 UTC"]);
        await ScreenshotAsync(page, "admin-group-member-ends", fullPage: true);
        AssertPagesHealthy();
    }
}
