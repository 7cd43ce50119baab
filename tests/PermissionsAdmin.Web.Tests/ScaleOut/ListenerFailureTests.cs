using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.PostgreSql;
using PermissionsAdmin.Testing;

namespace PermissionsAdmin.Web.Tests.ScaleOut;

/// <summary>
/// An instance that loses its listening connection must not answer from memory: it reads the database for every
/// check until it listens again, then caches again from empty.
/// </summary>
public sealed class ListenerFailureTests
{
    private const string ViewPosts = "/api/posts"; // blog.view_post: 200, 403 without it

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task An_instance_whose_listening_connection_is_killed_serves_no_stale_answer_and_recovers(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        var aliceId = 0;
        // B would reconnect at once, but waits through the app's clock, whose timers are held: it reconnects only once
        // the changes below have happened while it was disconnected.
        var reconnection = new HeldTimers();
        await using var cluster = await ScaleOutCluster.StartAsync(
            ["A", "B"],
            async services => aliceId = await services.CreateUserAsync("alice", "blog.view_post"),
            name => name == "B" ? [new("PermissionsAdmin:ScaleOut:ReconnectDelay", "00:00:00.010")] : [],
            configure: (name, builder) =>
            {
                if (name == "B") builder.Services.AddSingleton<TimeProvider>(reconnection);
            });
        var (a, b) = (cluster["A"], cluster["B"]);
        var browser = ScaleOutCluster.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(a, a, "alice", ScaleOutCluster.Password));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.OK, await browser.GetFromMemoryAsync(b, ViewPosts));

        // Kill B's listening connection as an operator would find it.
        var killed = await cluster.SqlAsync(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{b.ListenerApplicationName}'");
        Assert.Equal(1L, killed);
        await ScaleOutCluster.WaitUntilAsync(() => !b.Listener.IsListening, ScaleOutCluster.NotificationWait, "B to notice");
        Assert.True(b.Cache.IsSuspended);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), await browser.GetAsync(b, "/healthz"));

        // Changes made elsewhere while B cannot hear of them: B's very next request sees each one, with no wait.
        var loads = b.SubjectLoads;
        for (var i = 0; i < 3; i++)
        {
            await a.RevokeAsync("alice", "blog.view_post");
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);
            await a.GrantAsync("alice", "blog.view_post");
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);
        }
        await cluster.SqlAsync($"""DELETE FROM "UserPermissions" WHERE "UserId" = {aliceId}""");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);
        // All of it ran while B was disconnected, each request reading the database.
        Assert.False(b.Listener.IsListening, "B reconnected before the checks above were done; they prove nothing.");
        Assert.Equal(1, b.Listener.Subscriptions);
        Assert.True(b.SubjectLoads - loads >= 10, $"B read alice's permissions {b.SubjectLoads - loads} times for 10 requests.");

        // B listens again, resynchronised, and caches again.
        reconnection.Release();
        await ScaleOutCluster.WaitUntilAsync(() => b.Listener.Subscriptions == 2 && b.Listener.IsListening, TimeSpan.FromSeconds(45), "B to listen again");
        Assert.False(b.Cache.IsSuspended);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await browser.GetAsync(b, "/healthz"));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, await browser.GetFromMemoryAsync(b, ViewPosts));
        await cluster.AfterNotifiedAsync(() => a.GrantAsync("alice", "blog.view_post"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);

        Assert.Contains(b.Logs.At(LogLevel.Warning), m => m.StartsWith("Lost the permission change listener's connection", StringComparison.Ordinal));
        Assert.Equal(2, b.Logs.At(LogLevel.Information).Count(m => m.StartsWith("Listening for permission changes", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.PostgreSqlOnly), MemberType = typeof(TestDatabase))]
    public async Task A_listening_connection_that_dies_silently_is_noticed_within_the_heartbeat_and_replaced(DatabaseKind kind)
    {
        Assert.Equal(DatabaseKind.PostgreSql, kind);
        await using var proxy = new FreezableProxy(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)!);
        var heartbeat = TimeSpan.FromMilliseconds(500);
        await using var cluster = await ScaleOutCluster.StartAsync(
            ["A", "B"],
            async services => await services.CreateUserAsync("alice", "blog.view_post"),
            name => name == "B"
                ?
                [
                    new("PermissionsAdmin:ScaleOut:HeartbeatInterval", heartbeat.ToString()),
                    new("PermissionsAdmin:ScaleOut:HeartbeatTimeout", heartbeat.ToString()),
                ]
                : [],
            // Only B's listening connection goes through the proxy.
            (name, builder) =>
            {
                if (name == "B") builder.Services.PostConfigure<ScaleOutOptions>(o => o.ConnectionString = proxy.Route(o.ConnectionString!));
            });
        var (a, b) = (cluster["A"], cluster["B"]);
        var browser = ScaleOutCluster.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(a, a, "alice", ScaleOutCluster.Password));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);

        proxy.Freeze();
        var noticed = await ScaleOutCluster.WaitUntilAsync(() => !b.Listener.IsListening, TimeSpan.FromSeconds(10), "B to notice the silent failure");

        // At most one quiet interval plus one unanswered heartbeat, and some scheduling slack.
        Assert.True(noticed < heartbeat + heartbeat + TimeSpan.FromSeconds(1), $"B noticed after {noticed}.");
        Assert.True(b.Cache.IsSuspended);
        await a.RevokeAsync("alice", "blog.view_post");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(b, ViewPosts)).Status);

        await ScaleOutCluster.WaitUntilAsync(() => b.Listener.Subscriptions == 2 && b.Listener.IsListening, TimeSpan.FromSeconds(20), "B to listen again");
        await cluster.AfterNotifiedAsync(() => a.GrantAsync("alice", "blog.view_post"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(b, ViewPosts)).Status);
        Assert.Equal(HttpStatusCode.OK, await browser.GetFromMemoryAsync(b, ViewPosts));
        TestContext.Current.TestOutputHelper?.WriteLine($"silent failure noticed after {noticed.TotalMilliseconds:F0} ms (heartbeat {heartbeat.TotalMilliseconds} ms + timeout {heartbeat.TotalMilliseconds} ms)");
    }
}
