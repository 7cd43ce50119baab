using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.ScaleOut;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Availability;

/// <summary>
/// The database going away is no bug: while it is unreachable the site answers 503 with Retry-After (a page for
/// people, problem details for /api), never 500; it recovers by itself when the database is back, logging each change
/// once; and no permission revoked meanwhile is allowed afterwards.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Page = "/";               // the front page: reads posts
    private const string Api = "/api/posts";       // blog.view_post: 200, 403 without it
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(5);

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task While_the_database_is_cut_off_an_instance_answers_503_then_recovers_without_a_revoked_permission(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        await using var proxy = new FreezableProxy(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)!);
        // B reaches the database only through the proxy (its pool and its listener); A directly, like an instance
        // in another zone that can still write.
        await using var cluster = await ScaleOutCluster.StartAsync(
            ["A", "B"],
            async services => await services.CreateUserAsync("alice", "blog.view_post"),
            configure: (name, builder) =>
            {
                if (name == "B") builder.Configuration["ConnectionStrings:Default"] = proxy.Route(builder.Configuration["ConnectionStrings:Default"]!);
            });
        var (a, b) = (cluster["A"], cluster["B"]);
        var browser = ScaleOutCluster.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(a, a, "alice", ScaleOutCluster.Password));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, Api)).Status);
        Assert.Equal(HttpStatusCode.OK, await browser.GetFromMemoryAsync(b, Api));

        await using var load = new LightLoad(browser, b, Page, Api);
        await load.WaitForAsync(TimeSpan.Zero, x => x.Path == Page && x.Answer.Status == HttpStatusCode.OK, RecoveryLimit, "a first page");

        var cutAt = load.Clock.Elapsed;
        proxy.Cut();
        var pageDown = await load.WaitForAsync(cutAt, x => x.Path == Page && x.Answer.Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), "503 for the page");
        await load.WaitForAsync(cutAt, x => x.Path == Api && x.Answer.Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), "503 for the API");

        // Asked as a monitor asks, not signed in (a signed-in request is refused sooner: its sign-in cannot be checked).
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await ScaleOutCluster.NewBrowser().GetAsync(b, "/healthz"));

        // Revoked where B cannot hear of it; B must not allow it once it is back.
        await a.RevokeAsync("alice", "blog.view_post");
        var revokedAt = load.Clock.Elapsed;
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var restoredAt = load.Clock.Elapsed;
        proxy.Restore();
        var apiBack = await load.WaitForAsync(restoredAt, x => x.Path == Api && x.Answer.Status != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20), "the API back");
        var pageBack = await load.WaitForAsync(restoredAt, x => x.Path == Page && x.Answer.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the page back");
        await load.WaitForAsync(load.Clock.Elapsed, x => x.Path == Api, RecoveryLimit, "one more API answer");
        await load.StopAsync();

        var answers = load.Answers;
        Assert.All(answers, x => Assert.True(x.Answer.Status is HttpStatusCode.OK or HttpStatusCode.Forbidden or HttpStatusCode.ServiceUnavailable,
            $"{x.Path} sent at {x.SentAt}: {(int)x.Answer.Status}\n{x.Answer.Body}"));
        Assert.All(answers.Where(x => x.Answer.Status == HttpStatusCode.ServiceUnavailable), x =>
        {
            Assert.Equal("5", x.Answer.RetryAfter);
            if (x.Path == Api)
            {
                Assert.Equal("application/problem+json", x.Answer.ContentType);
                Assert.Contains("\"title\":\"Temporarily unavailable\"", x.Answer.Body, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("text/html", x.Answer.ContentType);
                Assert.Contains("Temporarily unavailable", x.Answer.Body, StringComparison.Ordinal);
                Assert.Contains("data-status=\"503\"", x.Answer.Body, StringComparison.Ordinal);
            }
        });
        // Never the revoked permission; still signed in (403, not a challenge) after the outage.
        Assert.DoesNotContain(answers, x => x.Path == Api && x.SentAt >= revokedAt && x.Answer.Status == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, answers.Last(x => x.Path == Api).Answer.Status);
        Assert.True(apiBack - restoredAt < RecoveryLimit && pageBack - restoredAt < RecoveryLimit,
            $"Normal answers {(apiBack - restoredAt).TotalMilliseconds:F0} ms (API) and {(pageBack - restoredAt).TotalMilliseconds:F0} ms (page) after the database was back.");

        // One line when it went, one when it came back, however many requests met the outage.
        Assert.Single(b.Logs.At(LogLevel.Warning), m => m.StartsWith("Database unavailable: ", StringComparison.Ordinal));
        Assert.Single(b.Logs.At(LogLevel.Information), m => m == "Database available again; answering normally.");

        var during = answers.Where(x => x.SentAt >= cutAt && x.SentAt < restoredAt).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"outage {(restoredAt - cutAt).TotalSeconds:F1} s: {during.Count} requests, {during.Count(x => x.Answer.Status == HttpStatusCode.ServiceUnavailable)} × 503, " +
            $"{answers.Count(x => (int)x.Answer.Status >= 500 && x.Answer.Status != HttpStatusCode.ServiceUnavailable)} × other 5xx; first 503 page after {(pageDown - cutAt).TotalMilliseconds:F0} ms; " +
            $"normal again after {(apiBack - restoredAt).TotalMilliseconds:F0} ms (API), {(pageBack - restoredAt).TotalMilliseconds:F0} ms (page)");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task Connections_broken_by_a_restart_are_retried_and_nobody_sees_an_error(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        var applicationName = $"permissionsadmin-test-pool-{Guid.NewGuid():N}";
        await using var cluster = await ScaleOutCluster.StartAsync(
            ["A"],
            async services => await services.CreateUserAsync("alice", "blog.view_post"),
            configure: (_, builder) => builder.Configuration["ConnectionStrings:Default"] =
                new NpgsqlConnectionStringBuilder(builder.Configuration["ConnectionStrings:Default"]!) { ApplicationName = applicationName }.ConnectionString);
        var a = cluster["A"];
        var browser = ScaleOutCluster.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(a, a, "alice", ScaleOutCluster.Password));

        await using var load = new LightLoad(browser, a, Page, Api);
        var terminated = 0L;
        for (var round = 0; round < 3; round++)
        {
            await load.WaitForAsync(load.Clock.Elapsed, x => x.Path == Page, RecoveryLimit, "a page");
            // What a restart does to every pooled connection: "terminating connection due to administrator command".
            terminated += (long)(await cluster.SqlAsync(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{applicationName}'"))!;
        }
        await load.WaitForAsync(load.Clock.Elapsed, x => x.Path == Api, RecoveryLimit, "one more API answer");
        await load.StopAsync();

        Assert.True(terminated > 0, "No pooled connection was terminated: the test proves nothing.");
        Assert.All(load.Answers, x => Assert.True(x.Answer.Status == HttpStatusCode.OK, $"{x.Path} sent at {x.SentAt}: {(int)x.Answer.Status}\n{x.Answer.Body}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{terminated} pooled connections terminated in 3 rounds; {load.Answers.Count} requests, all 200");
    }

    [Fact]
    public async Task A_locked_or_unreadable_SQLite_database_is_answered_503_then_recovers_in_Development_too()
    {
        var logs = new CapturedLogs();
        await using var site = await AdminSite.StartAsync(DatabaseKind.Sqlite, builder =>
        {
            // In Development, where a bug shows the developer exception page, an outage is still a 503 page
            // (the PostgreSQL cases run in Production).
            builder.Environment.EnvironmentName = Environments.Development;
            // A command waits this long for another process's lock before giving up (SQLITE_BUSY).
            builder.Configuration["ConnectionStrings:Default"] += ";Default Timeout=1";
            builder.Logging.AddProvider(logs);
        });
        await site.CreateStaffAsync("alice", "blog.view_post");
        var browser = await site.SignedInAsync("alice");
        using var http = site.App.GetTestClient();
        await AssertAnswersAsync(browser, http, HttpStatusCode.OK);

        // Another process holds the write lock. The site's database keeps a write-ahead log, so reads go on; a write
        // (a sign-in records the last login) waits for the lock the timeout above, then is answered 503.
        await using (var locker = new SqliteConnection(site.Database.ConnectionString))
        {
            await locker.OpenAsync(TestContext.Current.CancellationToken);
            await using var begin = locker.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; DELETE FROM \"Posts\";";
            await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await AssertAnswersAsync(browser, http, HttpStatusCode.OK);
            var signIn = await site.NewBrowser().SubmitAsync("/account/login", "/account/login",
                ("UserNameOrEmail", "alice"), ("Password", AdminSite.Password));
            Assert.True(signIn.Status == HttpStatusCode.ServiceUnavailable && signIn.Html.Contains("Temporarily unavailable", StringComparison.Ordinal),
                $"a sign-in while another process writes: {signIn}");
        }
        await AssertAnswersAsync(browser, http, HttpStatusCode.OK);

        // The file cannot be opened: a directory stands where it was.
        var file = new SqliteConnectionStringBuilder(site.Database.ConnectionString).DataSource;
        // Pooled connections would go on reading the moved file (they hold it open).
        SqliteConnection.ClearAllPools();
        File.Move(file, file + ".away");
        Directory.CreateDirectory(file);
        try
        {
            await AssertAnswersAsync(browser, http, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            Directory.Delete(file);
            File.Move(file + ".away", file);
        }
        await AssertAnswersAsync(browser, http, HttpStatusCode.OK);

        // Once each way per outage, not per request. A connection the change feed had in use while the pools were
        // cleared can still read the moved file once, a flip back and forth (seen under a loaded machine).
        var down = logs.At(LogLevel.Warning).Count(m => m.StartsWith("Database unavailable: ", StringComparison.Ordinal));
        Assert.InRange(down, 2, 3);
        Assert.Equal(down, logs.At(LogLevel.Information).Count(m => m == "Database available again; answering normally."));
        Assert.DoesNotContain(logs.At(LogLevel.Error), m => m.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The front page and the API, twice each: with <paramref name="expected"/>, and Retry-After on a 503.</summary>
    private static async Task AssertAnswersAsync(AdminBrowser browser, HttpClient http, HttpStatusCode expected)
    {
        foreach (var path in new[] { Page, Api, Page, Api })
        {
            using var response = await browser.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), http);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode}\n{body}");
            if (expected != HttpStatusCode.ServiceUnavailable) continue;
            Assert.Equal("5", response.Headers.RetryAfter?.ToString());
            Assert.Equal(path == Api ? "application/problem+json" : "text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Temporarily unavailable", body, StringComparison.Ordinal);
        }
    }
}
