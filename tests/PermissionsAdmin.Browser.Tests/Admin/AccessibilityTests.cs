using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PermissionsAdmin.Browser.Tests.Support;

namespace PermissionsAdmin.Browser.Tests.Admin;

/// <summary>
/// Issue 18's accessibility, checked rather than hoped: axe (Deque.AxeCore.Playwright) on every admin page, in light
/// mode, in dark mode and at a phone's width, finds no serious or critical violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browsers) : BrowserTest(browsers)
{
    private PermissionsAdmin.Users.PermissionsUser _editor = null!;
    private int _post;

    protected override async Task ArrangeAsync()
    {
        var admin = await Site.CreateStaffAsync("admin", superuser: true);
        _editor = await Site.CreateUserAsync("editor", "Editors");
        await Site.CreateTokenAsync(admin, "Nightly export");
        _post = await Site.AddPostAsync("A post", "Body.", _editor);
    }

    [Fact]
    public async Task No_admin_page_has_a_serious_or_critical_violation_in_light_dark_or_on_a_phone()
    {
        var page = await NewPageAsync();
        await AdminSignInAsync(page, "admin");
        var groupId = await Site.QueryAsync(db => Task.FromResult(db.Roles.Single(r => r.Name == "Editors").Id));
        string[] paths =
        [
            "/admin", "/admin/users", $"/admin/users/{_editor.Id}", $"/admin/users/{_editor.Id}/password", $"/admin/users/{_editor.Id}/history",
            "/admin/users/add", "/admin/groups", $"/admin/groups/{groupId}", "/admin/groups/add", $"/admin/groups/{groupId}/delete",
            "/admin/permissions", "/admin/history", "/admin/tokens", "/admin/password", "/admin/blog", "/admin/blog/post",
            $"/admin/blog/post/{_post}", $"/admin/blog/post/{_post}/delete", $"/admin/objects/blog/post/{_post}",
        ];
        var violations = new List<string>();
        foreach (var (mode, scheme, width) in new[] { ("light", ColorScheme.Light, ViewportWidth), ("dark", ColorScheme.Dark, ViewportWidth), ("390 px", ColorScheme.Light, PhoneWidth) })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await page.SetViewportSizeAsync(width, width == PhoneWidth ? PhoneHeight : ViewportHeight);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                var result = await page.RunAxe();
                violations.AddRange(result.Violations
                    .Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{path} ({mode}): {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}"));
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
