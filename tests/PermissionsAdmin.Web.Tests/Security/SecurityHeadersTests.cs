using System.Net;
using Microsoft.AspNetCore.TestHost;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, finding 13: every page (site, admin, API reference, static files, error pages) forbids framing, sniffing
/// and foreign or inline script; over HTTPS the site sends HSTS and a Secure antiforgery cookie.
/// </summary>
public sealed class SecurityHeadersTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_page_sends_the_security_headers(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var root = await site.SignedInAsync("root");
        using var client = site.App.GetTestClient();

        foreach (var path in new[]
        {
            "/", "/account/login", "/admin/login", "/api/v1/reference", "/openapi/v1.json", "/api/v1/users",
            "/_content/PermissionsAdmin/js/admin.js", "/no-such-page",
        })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            AssertHeaders(path, response);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/users");
        using var admin = await root.SendRawAsync(request, client);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        AssertHeaders("/admin/users", admin);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Over_https_the_site_sends_hsts_and_a_secure_antiforgery_cookie(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        using var client = site.App.GetTestClient();
        client.BaseAddress = new Uri("https://admin.example.com/");

        foreach (var path in new[] { "/account/login", "/admin/login" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("max-age=", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
            var antiforgery = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
            Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void AssertHeaders(string path, HttpResponseMessage response)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : $"(no {name} on {path})";
        var policy = Header("Content-Security-Policy");
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self';", "style-src 'self';", "object-src 'none'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, policy);
        }
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header("Referrer-Policy"));
    }
}
