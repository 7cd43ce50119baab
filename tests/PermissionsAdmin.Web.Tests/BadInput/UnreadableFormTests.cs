using System.Net;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.BadInput;

/// <summary>
/// A form post the framework cannot read (a NUL in a field fails the antiforgery check before any action runs) is
/// answered 400 with a page that says so, signed in or not, and changes nothing.
/// </summary>
public sealed class UnreadableFormTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_form_post_with_a_nul_shows_the_bad_request_page(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind, environment: "Production");
        await site.CreateUserAsync("root", staff: true, superuser: true);
        var signedIn = await site.SignedInAsync("root");
        var anonymous = site.NewBrowser();
        var before = await DatabaseSnapshot.TakeAsync(site.Database);

        foreach (var (browser, formPath, field) in new[]
        {
            (anonymous, "/account/login", "UserNameOrEmail"),
            (anonymous, "/admin/login", "UserName"),
            (signedIn, "/admin/users/add", "UserName"),
            (signedIn, "/posts/new", "Title"),
        })
        {
            var form = HtmlForm.Parse((await browser.GetAsync(formPath)).Html, formPath).Last(f => f.Names.Contains(field));
            var page = await browser.PostAsync(form.Action, null, form.With(field, "a\0b"));

            Assert.True(page.Status == HttpStatusCode.BadRequest && page.Text.Contains("Bad request", StringComparison.Ordinal)
                && !page.Text.Contains("Page not found", StringComparison.Ordinal), $"{formPath}: {page}");
        }
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(site.Database));
    }
}
