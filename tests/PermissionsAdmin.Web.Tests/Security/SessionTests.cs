using System.Net;
using Microsoft.AspNetCore.TestHost;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, findings 11 and 12: logging out ends the session for good (a captured cookie replayed afterwards is
/// anonymous), and an administrator who sets their own password in the admin stays signed in.
/// </summary>
public sealed class SessionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_site_cookie_captured_before_logout_is_anonymous_after_it(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("alice");
        var browser = site.NewBrowser();
        await browser.SubmitAsync("/account/login", "/account/login", ("UserNameOrEmail", "alice"), ("Password", AdminSite.Password));
        var captured = browser.CookieHeader;
        Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(site, "/account/password", captured));

        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/logout", home.Token)).Status);

        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(site, "/account/password", captured));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_cookie_captured_before_logout_is_anonymous_after_it(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        var captured = browser.CookieHeader;
        Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(site, "/admin", captured));

        var dashboard = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/admin/logout", dashboard.Token)).Status);

        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(site, "/admin", captured));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrator_who_sets_their_own_password_in_the_admin_stays_signed_in(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var browser = await site.SignedInAsync("root");
        var before = browser.CookieHeader;

        var saved = await browser.SubmitAsync($"/admin/users/{root.Id}/password", $"/admin/users/{root.Id}/password",
            ("Password", "Brand-new-pass-77"), ("Password2", "Brand-new-pass-77"));
        Assert.True(saved.Status == HttpStatusCode.Redirect, saved.ToString());

        var next = await browser.FollowAsync(saved);
        Assert.True(next.Status == HttpStatusCode.OK, next.ToString());
        Assert.Equal("The password of “root” was changed.", next.Success);
        // Other sessions (the cookie from before) end, as with a password changed on the site.
        Assert.Equal(HttpStatusCode.Redirect, await StatusWithCookieAsync(site, "/admin", before));
    }

    private static async Task<HttpStatusCode> StatusWithCookieAsync(AdminSite site, string path, string cookieHeader)
    {
        using var client = site.App.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
