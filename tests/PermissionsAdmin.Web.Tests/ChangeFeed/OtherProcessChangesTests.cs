using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PermissionsAdmin.ChangeFeed;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;
using PermissionsAdmin.Web.Tests.Tokens;

namespace PermissionsAdmin.Web.Tests.ChangeFeed;

/// <summary>
/// Changes committed by another process — the real CLI, or SQL on a connection of its own — reach a running site
/// through the change feed, without a restart: README's freshness promise. The CLI tests wait for the site to have
/// read the feed past the CLI's commit (rather than a fixed time, which a loaded machine would make flaky); the SQL
/// test measures how long that takes. One command of each provider runs as a real process; the others run the same
/// commands in a host of their own inside the test process (its own services, cache and connections, so the site
/// hears of them only through the feed, as from a process): a real process cost 2–4 s of CPU.
/// </summary>
public sealed class OtherProcessChangesTests
{
    /// <summary>README's bound: a request this long after the other process's commit sees the change.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    /// <summary>How long a test waits for the feed at most, however loaded the machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Revoke_deactivate_and_group_removal_by_the_cli_bind_on_the_running_site(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateGroupAsync("Viewers", "blog.view_photo");
        await site.CreateUserAsync("granted", permissions: ["blog.view_photo"]);
        await site.CreateUserAsync("deactivated", permissions: ["blog.view_photo"]);
        await site.CreateUserAsync("member");
        await site.AddMemberAsync("Viewers", "member");
        var browsers = new Dictionary<string, AdminBrowser>();
        foreach (var user in new[] { "granted", "deactivated", "member" })
        {
            browsers[user] = await SignedInOnTheSiteAsync(site, user);
            Assert.Equal(HttpStatusCode.OK, (await browsers[user].GetAsync("/photos")).Status); // cached from here on
        }

        await RunCliAndWaitForTheFeedAsync(site, realProcess: true, "users", "revoke", "granted", "blog.view_photo");
        Assert.Equal(HttpStatusCode.Forbidden, (await browsers["granted"].GetAsync("/photos")).Status);

        await RunCliAndWaitForTheFeedAsync(site, realProcess: false, "groups", "remove-member", "Viewers", "member");
        Assert.Equal(HttpStatusCode.Forbidden, (await browsers["member"].GetAsync("/photos")).Status);

        await RunCliAndWaitForTheFeedAsync(site, realProcess: false, "users", "deactivate", "deactivated");
        // Deactivated: the cookie no longer signs anyone in.
        var deactivated = await browsers["deactivated"].GetAsync("/photos");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.Status);
        Assert.StartsWith("/account/login", new Uri(new Uri("http://site"), deactivated.Location!).PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_loses_what_its_owner_lost_through_the_cli(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        await site.CreateStaffAsync("robot", "auth.view_user");
        var token = await TokenCaller.CreateTokenAsync(site, "robot", "ci");
        Assert.Equal(HttpStatusCode.OK, (await TokenCaller.GetAsync(site, "/api/v1/users", token)).Status);

        await RunCliAndWaitForTheFeedAsync(site, realProcess: false, "users", "revoke", "robot", "auth.view_user");

        Assert.Equal(HttpStatusCode.Forbidden, (await TokenCaller.GetAsync(site, "/api/v1/users", token)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_grant_deleted_with_sql_is_refused_within_the_bound(DatabaseKind kind)
    {
        await using var site = await AdminSite.StartAsync(kind);
        const int Rounds = 10;
        var delays = new List<TimeSpan>();
        for (var round = 0; round < Rounds; round++)
        {
            var user = await site.CreateUserAsync($"user{round}", permissions: ["blog.view_photo"]);
            var browser = await SignedInOnTheSiteAsync(site, user.UserName!);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/photos")).Status);

            await using (var connection = Connect(site.Database))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var delete = connection.CreateCommand();
                delete.CommandText = $"DELETE FROM \"UserPermissions\" WHERE \"UserId\" = {user.Id}";
                Assert.Equal(1, await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            }
            var committed = Stopwatch.StartNew();
            while ((await browser.GetAsync("/photos")).Status == HttpStatusCode.OK)
            {
                Assert.True(committed.Elapsed < Patience, $"Still allowed {committed.Elapsed} after the grant was deleted.");
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
            delays.Add(committed.Elapsed);
        }
        delays.Sort();
        var median = delays[Rounds / 2];
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kind}: SQL delete → refused after p50 {median.TotalMilliseconds:F0} ms, max {delays[^1].TotalMilliseconds:F0} ms ({Rounds} rounds)");
        Assert.True(median < Bound, $"Refused after a median {median} (bound {Bound}).");
    }

    /// <summary>Runs a CLI command, as a real process or in a host of its own, then waits until the site has applied the feed rows it wrote.</summary>
    private static async Task RunCliAndWaitForTheFeedAsync(AdminSite site, bool realProcess, params string[] args)
    {
        var feed = site.App.Services.GetRequiredService<PermissionChangeFeed>();
        if (realProcess) await CliProcess.SucceedAsync(site.Database, args);
        else await Manage.SucceedAsync(site.Database, args);
        var ended = Stopwatch.StartNew();
        var written = await TestSite.QueryAsync(site.Database, db => db.PermissionChanges.MaxAsync(c => (long?)c.Id)) ?? 0;
        while (feed.LastAppliedId < written)
        {
            Assert.True(ended.Elapsed < Patience, $"The site read no change in {ended.Elapsed} after '{string.Join(' ', args)}' ended.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"'{string.Join(' ', args)}': applied {ended.Elapsed.TotalMilliseconds:F0} ms after the command ended");
    }

    internal static async Task<AdminBrowser> SignedInOnTheSiteAsync(AdminSite site, string userName)
    {
        var browser = site.NewBrowser();
        var response = await browser.SubmitAsync("/account/login", "/account/login",
            ("UserNameOrEmail", userName), ("Password", AdminSite.Password));
        Assert.True(response.Status == HttpStatusCode.Redirect, $"{userName} could not sign in: {response}");
        return browser;
    }

    private static DbConnection Connect(TestDatabase db) => db.Kind == DatabaseKind.Sqlite
        ? new SqliteConnection(db.ConnectionString)
        : new NpgsqlConnection(db.ConnectionString);
}
