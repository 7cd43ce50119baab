using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// Issue 18's "everywhere", page by page, for a superuser (who sees every column and button): every admin page, the
/// site's pages and the API reference fit a 390 px screen without scrolling sideways (a wide table scrolls inside its
/// own box), and axe-core finds no serious or critical violation on any admin page in light mode, dark mode or at a
/// phone's width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EveryPageTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private PermissionsAdmin.Model.PermissionsUser _editor = null!;
    private int _post;
    private int _group;

    protected override async Task ArrangeAsync()
    {
        var admin = await Site.CreateStaffAsync("admin", superuser: true);
        _editor = await Site.CreateUserAsync("editor.with.a.rather.long.name", "Editors");
        await Site.CreateTokenAsync(admin, "A token for the nightly export script");
        _post = await Site.AddPostAsync("A post whose title is long enough to wrap on a phone's screen", "Body.", _editor);
        _group = await Site.QueryAsync(db => Task.FromResult(db.Roles.Single(r => r.Name == "Editors").Id));
    }

    private string[] AdminPages() =>
    [
        "/admin", "/admin/users", $"/admin/users/{_editor.Id}", $"/admin/users/{_editor.Id}/password", $"/admin/users/{_editor.Id}/history",
        "/admin/users/add", "/admin/groups", $"/admin/groups/{_group}", "/admin/groups/add", $"/admin/groups/{_group}/delete",
        "/admin/permissions", "/admin/history", "/admin/tokens", "/admin/password", "/admin/blog", "/admin/blog/post",
        $"/admin/blog/post/{_post}", $"/admin/blog/post/{_post}/delete", $"/admin/objects/blog/post/{_post}", $"/admin/objects/blog/post/{_post}/history",
    ];

    [Fact]
    public async Task Every_admin_page_fits_a_phone()
    {
        var page = await NewPageAsync();
        var overflowing = new List<string>();
        await AdminSignInAsync(page, "admin");
        foreach (var path in AdminPages())
        {
            await page.GotoAsync(path);
            await CollectAsync(page, overflowing);
        }
        Assert.True(overflowing.Count == 0, string.Join("\n", overflowing));
        await page.GotoAsync("/admin/users");
        await AssertFitsAPhoneAsync(page, "admin-users-390");
        AssertPagesHealthy();
    }

    [Fact]
    public async Task The_sites_pages_and_the_api_reference_fit_a_phone()
    {
        var page = await NewPageAsync();
        var overflowing = new List<string>();
        await SignInAsync(page, "editor.with.a.rather.long.name");
        foreach (var path in new[] { "/", "/posts", $"/posts/{_post}", $"/posts/{_post}/edit", "/posts/new", "/photos", "/account/password", "/api/v1/reference/" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await CollectAsync(page, overflowing);
        }
        Assert.True(overflowing.Count == 0, string.Join("\n", overflowing));
    }

    [Fact]
    public async Task No_admin_page_has_a_serious_or_critical_violation_in_light_dark_or_on_a_phone()
    {
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "admin");
        var violations = new List<string>();
        foreach (var path in AdminPages())
        {
            await page.GotoAsync(path);
            // Each mode comes to the page as loaded, as a system turning dark or a narrower window would: the theme
            // follows prefers-color-scheme's changes, and with motion reduced no colour is caught mid-transition.
            // Loading each page once, not once a mode, took a third less time.
            foreach (var (mode, scheme, width) in new[] { ("light", ColorScheme.Light, ViewportWidth), ("dark", ColorScheme.Dark, ViewportWidth), ("390 px", ColorScheme.Light, PhoneWidth) })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme, ReducedMotion = ReducedMotion.Reduce });
                await page.SetViewportSizeAsync(width, width == PhoneWidth ? PhoneHeight : ViewportHeight);
                await Expect(page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", scheme == ColorScheme.Dark ? "dark" : "light");
                violations.AddRange(await SeriousViolationsAsync(page, $"{path} ({mode})"));
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task The_accessibility_check_reports_what_a_page_gets_wrong_page_level_rules_included()
    {
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "admin");
        await page.GotoAsync("/admin");
        await page.EvaluateAsync("() => { document.body.insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\"><button></button>'); document.title = ''; }");
        var violations = string.Join("\n", await SeriousViolationsAsync(page, "/admin"));
        Assert.Contains("image-alt (critical)", violations, StringComparison.Ordinal);
        Assert.Contains("button-name (critical)", violations, StringComparison.Ordinal);
        Assert.Contains("document-title (serious)", violations, StringComparison.Ordinal);
    }

    /// <summary>Every page that does not fit, not only the first.</summary>
    private static async Task CollectAsync(IPage page, List<string> overflowing)
    {
        try
        {
            await AssertFitsAPhoneAsync(page);
        }
        catch (Xunit.Sdk.XunitException tooWide)
        {
            await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
            // The first elements that stick out, to say what to fix (an absolutely positioned one escapes a scrolling box).
            var culprits = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 8)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().split(/\s+/).join('.') : ''))
                """);
            await page.SetViewportSizeAsync(ViewportWidth, ViewportHeight);
            overflowing.Add($"{tooWide.Message} ({string.Join(", ", culprits)})");
        }
    }
}
