using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.ChangeFeed;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.ChangeFeed;

/// <summary>While the change feed cannot be read, no answer comes from memory: the cache suspends and says so.</summary>
public sealed class UnreadableFeedTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unreadable_feed_suspends_the_cache_until_it_can_be_read_again(DatabaseKind kind)
    {
        var feedReads = new FailingFeedReads();
        var logs = new CapturedLogs();
        await using var site = await AdminSite.StartAsync(kind, builder =>
        {
            builder.Services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(feedReads));
            builder.Logging.AddProvider(logs);
        });
        var feed = site.App.Services.GetRequiredService<PermissionChangeFeed>();
        var cache = site.App.Services.GetRequiredService<PermissionCache>();
        var user = await site.CreateUserAsync("viewer", permissions: ["blog.view_photo"]);
        var browser = await OtherProcessChangesTests.SignedInOnTheSiteAsync(site, "viewer");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/photos")).Status);

        feedReads.Failing = true;
        // The feed logs right after it changes state: wait for both.
        await WaitUntilAsync(() => cache.IsSuspended && !feed.IsReading &&
            logs.At(LogLevel.Warning).Any(m => m.Contains("Could not read the permission change feed", StringComparison.Ordinal)));

        // Behind the feed's back, and with nothing to tell the site: the very next request reads the database.
        await site.QueryAsync(db => db.UserPermissions.Where(g => g.UserId == user.Id).ExecuteDeleteAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/photos")).Status);

        feedReads.Failing = false;
        await WaitUntilAsync(() => !cache.IsSuspended && feed.IsReading &&
            logs.At(LogLevel.Information).Any(m => m.Contains("permission cache resumed", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/photos")).Status);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "The change feed did not get there in 20 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Makes every read of the feed fail while <see cref="Failing"/> is set, as a locked file or a lost connection would.</summary>
    private sealed class FailingFeedReads : DbCommandInterceptor
    {
        public volatile bool Failing;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            Failing && command.CommandText.Contains("FROM \"PermissionChanges\"", StringComparison.Ordinal)
                ? throw new InvalidOperationException("The change feed is unreadable (test).")
                : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
