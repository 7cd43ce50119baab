using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using PermissionsAdmin.Security;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, finding 13: every page (site, admin, API reference, static files, error pages) forbids framing, sniffing
/// and foreign or inline script (the API reference runs its own inline script by a nonce); over HTTPS the site sends
/// HSTS and a Secure antiforgery cookie.
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
            "/", "/account/login", "/admin/login", "/api/v1/reference", "/api/v1/reference/scalar.js", "/api/v1/openapi/permissionsadmin.json",
            "/api/v1/users", "/_content/PermissionsAdmin/js/admin.js", "/no-such-page",
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

    /// <summary>
    /// Scalar's page starts itself with an inline script and injects inline styles: its policy adds only a nonce fresh
    /// on each response, carried by each of its script tags, and inline styles; every other directive is the site's.
    /// </summary>
    [Fact]
    public async Task The_api_reference_runs_only_its_own_inline_script_by_a_fresh_nonce()
    {
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite);
        using var client = site.App.GetTestClient();
        var sitePolicy = Directives(SecurityHeaders.ContentSecurityPolicy);

        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync("/api/v1/reference/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = Directives(string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
            var nonce = Regex.Match(policy["script-src"], "^script-src 'self' 'nonce-([^' ]+)'$").Groups[1].Value;
            Assert.NotEmpty(nonce);
            Assert.Equal("style-src 'self' 'unsafe-inline'", policy["style-src"]);
            Assert.Equal(sitePolicy.Keys.Order(), policy.Keys.Order());
            Assert.All(sitePolicy.Keys.Except(["script-src", "style-src"]), name => Assert.Equal(sitePolicy[name], policy[name]));

            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var scripts = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
            Assert.NotEmpty(scripts);
            Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag, StringComparison.Ordinal));
            // A cached page would replay its nonce.
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            nonces.Add(nonce);
        }
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
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

    /// <summary>A policy's directives by name: "script-src" → "script-src 'self'".</summary>
    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToDictionary(d => d.Split(' ')[0]);

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
