using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;

namespace PermissionsAdmin.Web.Tests.Tokens;

/// <summary>/admin/tokens: any staff user creates (the text shown on that one answer), lists and revokes their own tokens.</summary>
public sealed class TokenPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_staff_user_creates_a_token_sees_it_once_uses_it_and_revokes_it(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        var clerk = await site.CreateStaffAsync("clerk", "blog.view_post");
        var browser = await site.SignedInAsync("clerk");
        var empty = await browser.GetAsync("/admin/tokens");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("You have no tokens yet.", empty.Html);
        Assert.Contains("href=\"/admin/tokens\"", (await browser.GetAsync("/admin")).Html);

        var created = await browser.PostAsync("/admin/tokens", empty.Token, ("Name", " ci "), ("ExpiresInDays", "30"), ("ExpiresOn", ""));

        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        Assert.Contains("it will not be shown again", created.Text);
        var text = Regex.Match(created.Html, "id=\"id_new_token\" value=\"(pat_[A-Za-z0-9_-]{43})\"").Groups[1].Value;
        Assert.NotEmpty(text);
        var list = await browser.GetAsync("/admin/tokens");
        Assert.Contains("data-token=\"ci\"", list.Html);
        Assert.Contains(text[..12] + "…", list.Text);
        Assert.DoesNotContain(text, list.Html);
        Assert.Equal(HttpStatusCode.OK, (await TokenCaller.GetAsync(site, "/api/posts", text)).Status);

        var id = (await TokenCaller.FindTokenAsync(site, "ci")).Id;
        var confirm = await browser.GetAsync($"/admin/tokens/{id}/revoke");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Are you sure?", confirm.Html);
        var revoked = await browser.PostAsync($"/admin/tokens/{id}/revoke", confirm.Token);
        Assert.Equal("/admin/tokens", revoked.Location);
        var after = await browser.FollowAsync(revoked);
        Assert.Equal("The token “ci” was revoked.", after.Success);
        Assert.Contains(">revoked</span>", after.Html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenCaller.GetAsync(site, "/api/posts", text)).Status);

        var history = await site.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.ObjectType == UserAdministration.ObjectType && e.ObjectId == clerk.Id.ToString(CultureInfo.InvariantCulture) && e.ActorId == clerk.Id)
            .OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([["Created token “ci”"], ["Revoked token “ci”"]], history.Select(e => AuditText.Describe(e).ToArray()));
        Assert.All(history, e => Assert.Equal(("clerk", "admin"), (e.ActorName, e.Channel)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_is_explained_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("clerk");
        await TokenCaller.CreateTokenAsync(site, "clerk", "ci");
        var browser = await site.SignedInAsync("clerk");
        var form = await browser.GetAsync("/admin/tokens");
        var before = await TokensAsync(site);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        foreach (var (message, fields) in new (string, (string, string?)[])[]
        {
            ("Enter a name for the token.", [("Name", "")]),
            ("A token named 'ci' already exists (revoked tokens keep their names); choose another name.", [("Name", "ci")]),
            ("Keep the name to 100 characters or fewer.", [("Name", new string('x', 101))]),
            ("The expiry date is in the past; choose today or a later day.", [("Name", "new"), ("ExpiresOn", yesterday)]),
            ("Give either a number of days or a date, not both.", [("Name", "new"), ("ExpiresInDays", "5"), ("ExpiresOn", tomorrow)]),
            ("Enter a number of days from 1 to 3650.", [("Name", "new"), ("ExpiresInDays", "0")]),
        })
        {
            var page = await browser.PostAsync("/admin/tokens", form.Token, fields);
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            Assert.Contains(message, page.Errors);
            Assert.DoesNotContain("data-new-token", page.Html);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/admin/tokens", token: null, ("Name", "csrf"))).Status);
        Assert.Equal(before, await TokensAsync(site));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Staff_cannot_reach_another_users_token_but_a_superuser_may_revoke_it(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("clerk");
        await site.CreateStaffAsync("other");
        await site.CreateUserAsync("root", superuser: true);
        await TokenCaller.CreateTokenAsync(site, "clerk", "ci");
        var id = (await TokenCaller.FindTokenAsync(site, "ci")).Id;

        var other = await site.SignedInAsync("other");
        var otherList = await other.GetAsync("/admin/tokens");
        Assert.DoesNotContain("data-token=\"ci\"", otherList.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/admin/tokens/{id}/revoke")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/admin/tokens/{id}/revoke", otherList.Token)).Status);
        Assert.Null((await TokenCaller.FindTokenAsync(site, "ci")).RevokedAt);
        var anonymous = await site.NewBrowser().GetAsync("/admin/tokens");
        Assert.Equal("/admin/login?returnUrl=%2Fadmin%2Ftokens", anonymous.Location);

        var root = await site.SignedInAsync("root");
        var confirm = await root.GetAsync($"/admin/tokens/{id}/revoke");
        Assert.Contains("of clerk?", confirm.Text);
        Assert.Equal("/admin/tokens", (await root.PostAsync($"/admin/tokens/{id}/revoke", confirm.Token)).Location);
        Assert.NotNull((await TokenCaller.FindTokenAsync(site, "ci")).RevokedAt);
    }

    private static Task<List<string>> TokensAsync(AdminSite site) => site.QueryAsync(db => db.PersonalAccessTokens.AsNoTracking()
        .OrderBy(t => t.Id).Select(t => t.UserId + " " + t.Name + " " + t.Hash + " " + t.ExpiresAt + " " + t.RevokedAt).ToListAsync());
}
