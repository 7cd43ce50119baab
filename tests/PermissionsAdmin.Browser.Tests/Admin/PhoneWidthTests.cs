using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// Issue 18's phones: every admin page, the API reference and the site's pages fit a 390 px screen without scrolling
/// sideways (a wide table scrolls inside its own box), for a superuser, who sees every column and button.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private PermissionsAdmin.Users.PermissionsUser _editor = null!;
    private int _post;

    protected override async Task ArrangeAsync()
    {
        var admin = await Site.CreateStaffAsync("admin", superuser: true);
        _editor = await Site.CreateUserAsync("editor.with.a.rather.long.name", "Editors");
        await Site.CreateTokenAsync(admin, "A token for the nightly export script");
        _post = await Site.AddPostAsync("A post whose title is long enough to wrap on a phone's screen", "Body.", _editor);
    }

    [Fact]
    public async Task Every_admin_page_fits_a_phone()
    {
        var page = await NewPageAsync();
        var overflowing = new List<string>();
        await AdminSignInAsync(page, "admin");
        var groupId = await Site.QueryAsync(db => Task.FromResult(db.Roles.Single(r => r.Name == "Editors").Id));
        foreach (var path in new[]
        {
            "/admin", "/admin/users", $"/admin/users/{_editor.Id}", $"/admin/users/{_editor.Id}/password", $"/admin/users/{_editor.Id}/history",
            "/admin/users/add", "/admin/groups", $"/admin/groups/{groupId}", "/admin/groups/add", $"/admin/groups/{groupId}/delete",
            "/admin/permissions", "/admin/history", "/admin/tokens", "/admin/password", "/admin/blog", "/admin/blog/post",
            $"/admin/blog/post/{_post}", $"/admin/objects/blog/post/{_post}", $"/admin/objects/blog/post/{_post}/history",
        })
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
