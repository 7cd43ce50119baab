using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tokens;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Tokens;

/// <summary>
/// A bearer token under /api acts as its owner with exactly the owner's permissions; a bad, expired or revoked token,
/// or one whose owner was deactivated, gets a 401 that says why; elsewhere only the cookie counts.
/// </summary>
public sealed class TokenAuthenticationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_acts_with_its_owners_permissions_as_they_change(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("reader", permissions: ["blog.view_photo"]);
        var token = await TokenCaller.CreateTokenAsync(site, "reader", "ci");

        Assert.Equal(HttpStatusCode.OK, (await TokenCaller.GetAsync(site, "/api/photos", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await TokenCaller.GetAsync(site, "/api/posts", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await TokenCaller.GetAsync(site, "/api/dashboard", token)).Status);

        await site.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserAdministration>();
            var reader = await users.FindAsync("reader");
            await users.GrantAsync(reader, "blog.view_post");
            await users.RevokeAsync(reader, "blog.view_photo");
        });

        Assert.Equal(HttpStatusCode.OK, (await TokenCaller.GetAsync(site, "/api/posts", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await TokenCaller.GetAsync(site, "/api/photos", token)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_post_created_with_a_token_is_its_owners(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("writer", permissions: ["blog.add_post", "blog.view_post"]);
        var token = await TokenCaller.CreateTokenAsync(site, "writer", "blogger");

        var created = await TokenCaller.PostJsonAsync(site, "/api/posts", token, new { title = "From a script", body = "Hello" });

        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Contains("\"author\":\"writer\"", created.Body);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_expired_and_revoked_tokens_get_a_401_saying_which(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("reader", permissions: ["blog.view_post"]);
        var expiring = await TokenCaller.CreateTokenAsync(site, "reader", "expiring", DateTime.UtcNow.AddDays(1));
        var revoked = await TokenCaller.CreateTokenAsync(site, "reader", "revoked");
        Assert.Equal(HttpStatusCode.OK, (await TokenCaller.GetAsync(site, "/api/posts", expiring)).Status);
        await site.QueryAsync(db => db.PersonalAccessTokens.Where(t => t.Name == "expiring")
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        var revokedId = (await TokenCaller.FindTokenAsync(site, "revoked")).Id;
        await site.InScopeAsync(services => services.GetRequiredService<TokenAdministration>().RevokeAsync(revokedId));

        foreach (var (token, why) in new[]
        {
            ("garbage", "The token is unknown."),
            (TokenSecret.NewText(), "The token is unknown."),
            (expiring, "The token has expired."),
            (revoked, "The token has been revoked."),
        })
        {
            var response = await TokenCaller.GetAsync(site, "/api/posts", token);
            Assert.True(response.Status == HttpStatusCode.Unauthorized, response.ToString());
            Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{why}\"", response.WwwAuthenticate);
            Assert.Contains(why, response.Body);
        }

        var anonymous = await TokenCaller.GetAsync(site, "/api/posts", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("Bearer", anonymous.WwwAuthenticate);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deactivating_the_owner_stops_the_token_on_the_next_request_even_from_another_process(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        await site.CreateUserAsync("reader", permissions: ["blog.view_post"]);
        var token = await TokenCaller.CreateTokenAsync(site, "reader", "ci");
        Assert.Equal(HttpStatusCode.OK, (await TokenCaller.GetAsync(site, "/api/posts", token)).Status);

        // The CLI is another process with its own cache: the site hears nothing, yet the token reads its owner each time.
        await Manage.SucceedAsync(site.Database, "users", "deactivate", "reader");

        var refused = await TokenCaller.GetAsync(site, "/api/posts", token);
        Assert.True(refused.Status == HttpStatusCode.Unauthorized, refused.ToString());
        // Deactivation revokes the owner's tokens: reactivating the account does not bring them back.
        Assert.Contains("error_description=\"The token has been revoked.\"", refused.WwwAuthenticate);

        await Manage.SucceedAsync(site.Database, "users", "activate", "reader");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenCaller.GetAsync(site, "/api/posts", token)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Last_use_is_written_at_most_once_a_minute(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("reader", permissions: ["blog.view_post"]);
        var token = await TokenCaller.CreateTokenAsync(site, "reader", "ci");
        Assert.Null((await TokenCaller.FindTokenAsync(site, "ci")).LastUsedAt);

        await TokenCaller.GetAsync(site, "/api/posts", token);
        var first = (await TokenCaller.FindTokenAsync(site, "ci")).LastUsedAt;
        Assert.NotNull(first);
        await TokenCaller.GetAsync(site, "/api/posts", token);
        Assert.Equal(first, (await TokenCaller.FindTokenAsync(site, "ci")).LastUsedAt);

        var longAgo = DateTime.UtcNow.AddMinutes(-5);
        await site.QueryAsync(db => db.PersonalAccessTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, longAgo)));
        await TokenCaller.GetAsync(site, "/api/posts", token);
        Assert.True((await TokenCaller.FindTokenAsync(site, "ci")).LastUsedAt > longAgo.AddMinutes(4));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_made_with_a_token_names_the_token_in_the_audit_trail(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var root = await site.CreateUserAsync("root", superuser: true);
        var bob = await site.CreateUserAsync("bob");
        var token = await TokenCaller.CreateTokenAsync(site, "root", "deploy");

        // A token needs no antiforgery token: no browser sends one on its own.
        var granted = await TokenCaller.PostJsonAsync(site, $"/api/v1/users/{bob.Id}/permissions", token, new { permission = "blog.view_post" });

        Assert.True(granted.Status == HttpStatusCode.OK, granted.ToString());
        var entry = await site.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == UserAdministration.ObjectType && e.ObjectId == bob.Id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Id).LastAsync());
        Assert.Equal("root (token \"deploy\")", entry.ActorName);
        Assert.Equal(root.Id, entry.ActorId);
        Assert.Equal("api", entry.Channel);
        Assert.Equal(["blog.view_post"], AuditChanges.FromJson(entry.Changes).PermissionsAdded);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outside_the_api_a_token_counts_for_nothing_and_the_cookie_still_works_everywhere(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("root", superuser: true);
        var token = await TokenCaller.CreateTokenAsync(site, "root", "ci");

        // Pages take the sign-in cookie (and antiforgery tokens) only: a token there is an anonymous visitor.
        var page = await TokenCaller.GetAsync(site, "/posts", token);
        Assert.True(page.Status == HttpStatusCode.Redirect, page.ToString());
        Assert.StartsWith("http://localhost/account/login?ReturnUrl=", page.Location);
        var admin = await TokenCaller.GetAsync(site, "/admin/users", token);
        Assert.Equal("/admin/login?returnUrl=%2Fadmin%2Fusers", admin.Location);

        var browser = await site.SignedInAsync("root");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/posts")).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/posts")).Status);
    }
}
