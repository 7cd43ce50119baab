using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>
/// Two instances behind one "load balancer" (one browser, requests sent to either) on one PostgreSQL database. A
/// change made on one instance binds on the other at its next check once the other has processed the change's
/// notification: the tests wait for that (bounded, by the listener's counter), never for a fixed time.
/// </summary>
public sealed class TwoInstancesTests
{
    private const string ViewPosts = "/api/posts"; // blog.view_post: 200, 403 without it, 401 anonymous

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_revoke_membership_and_deactivation_on_one_instance_bind_on_the_other(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        await using var cluster = await ScaleOutCluster.StartAsync(["A", "B"], async services =>
        {
            await services.CreateUserAsync("alice", "blog.view_post");
            await services.CreateGroupAsync("Readers", "blog.view_post");
        });
        var (a, b) = (cluster["A"], cluster["B"]);
        var browser = ScaleOutCluster.NewBrowser();

        // Signed in through A; B accepts A's cookie (one data protection key ring) and then answers from memory.
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(a, a, "alice", ScaleOutCluster.Password));
        Assert.True(browser.HasSignInCookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.OK, await browser.GetFromMemoryAsync(b, ViewPosts));

        // Revoked on A: B, which held the grant in memory, denies at its next request.
        var revoke = await cluster.AfterNotifiedAsync(() => a.RevokeAsync("alice", "blog.view_post"));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(a, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, await browser.GetFromMemoryAsync(a, ViewPosts));

        // Added to a group on B: A, which held the denial in memory, allows at its next request.
        var membership = await cluster.AfterNotifiedAsync(() => b.AddMemberAsync("Readers", "alice"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(a, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.OK, await browser.GetFromMemoryAsync(b, ViewPosts));

        // Deactivated on A: on B the same cookie is now anonymous's.
        var deactivation = await cluster.AfterNotifiedAsync(() => a.SetActiveAsync("alice", false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(a, ViewPosts)).Status);

        TestContext.Current.TestOutputHelper?.WriteLine(
            "change returned → the other instance had processed its notification: " +
            $"revoke on A {revoke["B"].TotalMilliseconds:F1} ms, membership on B {membership["A"].TotalMilliseconds:F1} ms, " +
            $"deactivation on A {deactivation["B"].TotalMilliseconds:F1} ms");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task An_antiforgery_token_issued_by_one_instance_is_accepted_by_the_other_and_the_key_ring_is_in_the_database(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        await using var cluster = await ScaleOutCluster.StartAsync(["A", "B"], services => services.CreateUserAsync("alice", "blog.view_post"));
        var (a, b) = (cluster["A"], cluster["B"]);
        var browser = ScaleOutCluster.NewBrowser();

        // The sign-in form (and its antiforgery cookie) from B, posted to A.
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(b, a, "alice", ScaleOutCluster.Password));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);

        var keys = 0;
        await a.InScopeAsync(async services => keys = await services.GetRequiredService<AppDbContext>().DataProtectionKeys.CountAsync());
        Assert.True(keys >= 1, "No data protection key was stored in the database.");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task A_change_made_with_plain_SQL_reaches_both_instances(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        var aliceId = 0;
        await using var cluster = await ScaleOutCluster.StartAsync(["A", "B"], async services => aliceId = await services.CreateUserAsync("alice", "blog.view_post"));
        var (a, b) = (cluster["A"], cluster["B"]);
        var browser = ScaleOutCluster.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(a, a, "alice", ScaleOutCluster.Password));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(a, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);

        // A script in psql: neither instance made the change, both hear of it.
        await cluster.AfterNotifiedAsync(() => cluster.SqlAsync($"""DELETE FROM "UserPermissions" WHERE "UserId" = {aliceId}"""));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(a, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Instances_starting_together_on_an_empty_key_ring_share_one_key(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var a = SiteInstance.Build(db, "A", null, null);
        await using var b = SiteInstance.Build(db, "B", null, null);
        await a.App.PrepareDatabaseAsync(TestContext.Current.CancellationToken);

        var cancel = TestContext.Current.CancellationToken;
        await Task.WhenAll(Task.Run(() => a.App.StartAsync(cancel), cancel), Task.Run(() => b.App.StartAsync(cancel), cancel));

        var keys = 0;
        await a.InScopeAsync(async services => keys = await services.GetRequiredService<AppDbContext>().DataProtectionKeys.CountAsync());
        Assert.Equal(1, keys);
        var fromA = a.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var fromB = b.App.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("written by A", fromB.Unprotect(fromA.Protect("written by A")));
        Assert.Equal("written by B", fromA.Unprotect(fromB.Protect("written by B")));
    }
}
