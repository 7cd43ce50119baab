using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Api;
using PermissionsAdmin.Web.Tests.Tokens;

namespace PermissionsAdmin.Web.Tests.Security;

/// <summary>
/// Issue #14, finding 3: /api/v1 admits only active staff, as /admin does; a token stops working when its owner is
/// demoted, and deactivation revokes it for good (a reactivated owner issues new ones).
/// </summary>
public sealed class ApiEntryTests
{
    private static readonly string[] AdminPermissions = ["auth.view_user", "auth.change_user", "auth.view_group", "auth.change_group"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_non_staff_user_is_refused_403_by_cookie_and_by_token_and_changes_nothing(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateUserAsync("carol", permissions: AdminPermissions);
        var bob = await site.CreateUserAsync("bob");
        var token = await TokenCaller.CreateTokenAsync(site, "carol", "script");
        var before = await site.SnapshotAsync();

        foreach (var api in new[] { await ApiClient.SignedInAsync(site, "carol"), ApiClient.WithToken(site, token) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/users")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/groups")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PatchAsync($"/api/v1/users/{bob.Id}", new { firstName = "Mallory" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/v1/groups", new { name = "Crew" })).Status);
            // Anyone signed in may still ask what they hold.
            var mine = await api.GetAsync("/api/v1/me/permissions");
            Assert.True(mine.Status == HttpStatusCode.OK, mine.ToString());
        }
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_stops_working_when_its_owner_is_demoted_from_staff(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("dana", AdminPermissions);
        var api = ApiClient.WithToken(site, await TokenCaller.CreateTokenAsync(site, "dana", "script"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/users")).Status);

        await site.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserAdministration>();
            await users.UpdateAsync((await users.FindAsync("dana")).Id, null, new UserEdit { IsStaff = false });
        });

        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/users")).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deactivation_revokes_the_owners_tokens_so_reactivation_does_not_bring_them_back(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("dana", AdminPermissions);
        var token = await TokenCaller.CreateTokenAsync(site, "dana", "script");
        Assert.Equal(HttpStatusCode.OK, (await ApiClient.WithToken(site, token).GetAsync("/api/v1/users")).Status);

        foreach (var active in new[] { false, true })
        {
            await site.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserAdministration>();
                await users.SetActiveAsync(await users.FindAsync("dana"), active);
            });
        }

        var refused = await ApiClient.WithToken(site, token).GetAsync("/api/v1/users");
        Assert.True(refused.Status == HttpStatusCode.Unauthorized, refused.ToString());
        Assert.Contains("The token has been revoked.", refused.WwwAuthenticate);
        var audited = await site.QueryAsync(db => db.AuditEntries.Where(e => e.ObjectRepr == "dana").Select(e => e.Changes).ToListAsync());
        Assert.Contains(audited, changes => changes.Contains("tokensRevoked", StringComparison.OrdinalIgnoreCase) && changes.Contains("script", StringComparison.Ordinal));
    }
}
