using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// Issue 18's second language in a real browser: a staff user whose browser asks for English switches the admin to
/// French with the header's selector, keeps French from page to page (a change's history line too), and the French
/// pages pass axe and fit a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FrenchAdminTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private PermissionsAdmin.Model.PermissionsUser _editor = null!;

    protected override async Task ArrangeAsync()
    {
        await Site.CreateStaffAsync("admin", superuser: true);
        _editor = await Site.CreateUserAsync("editor", "Editors");
    }

    [Fact]
    public async Task A_user_switches_to_French_with_the_selector_and_the_admin_stays_French()
    {
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "admin");
        await page.GotoAsync("/admin/users");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // From the keyboard: the select, then its button.
        await page.Locator("#admin-language").FocusAsync();
        await page.Locator("#admin-language").SelectOptionAsync("fr");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/admin/users$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sélectionnez l’utilisateur à modifier");
        await Expect(page.Locator("#result-list thead")).ToContainTextAsync("Nom d’utilisateur");
        await Expect(page.Locator("#result-list thead")).ToContainTextAsync("Date d’inscription (UTC)");
        await Expect(page.Locator(".admin-filters")).ToContainTextAsync("Par statut équipe");
        await Expect(page.Locator("#result-list")).ToContainTextAsync("editor"); // data as it is
        await Expect(page.Locator("#admin-language")).ToHaveValueAsync("fr");
        await ScreenshotAsync(page, "admin-users-fr");
        await AssertFitsAPhoneAsync(page, "admin-users-fr-390");
        var violations = (await SeriousViolationsAsync(page, "/admin/users (fr)")).ToList();

        await page.GotoAsync($"/admin/users/{_editor.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Modification de l’utilisateur : editor");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer les modifications" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Statut super-utilisateur")).ToBeVisibleAsync();
        await Expect(page.Locator(".chooser").First).ToContainTextAsync("Tout choisir"); // the script's words too
        violations.AddRange(await SeriousViolationsAsync(page, "/admin/users/id (fr)"));

        // A change saved in French reads in French in the history, and the page still fits a phone.
        await page.GetByLabel("Statut équipe").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et continuer les modifications" }).ClickAsync();
        await page.GotoAsync($"/admin/users/{_editor.Id}/history");
        await Expect(page.Locator("main")).ToContainTextAsync("Modification du champ « statut équipe » : de faux à vrai");
        await ScreenshotAsync(page, "admin-history-fr");
        await AssertFitsAPhoneAsync(page, "admin-history-fr-390");
        violations.AddRange(await SeriousViolationsAsync(page, "/admin/users/id/history (fr)"));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        AssertPagesHealthy();
    }
}
