using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Notices;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Data;
using PermissionsAdmin.Web.Tests.ChangeFeed;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Admin;

/// <summary>
/// A site kept for the next test (<see cref="SitePool"/>) is set back as a new one starts: what a test did is gone,
/// what the site cached of it too, and changes made elsewhere still reach it through its change feed.
/// </summary>
public sealed class SitePoolTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_site_set_back_keeps_nothing_of_its_test_and_still_hears_other_processes(DatabaseKind kind)
    {
        await using var site = await AdminSite.BuildAsync(kind, configure: null, environment: null, kept: false);
        var before = await site.CreateUserAsync("reader", permissions: ["blog.view_photo"]);
        await site.InScopeAsync(async services =>
        {
            services.GetRequiredService<Notifier>().Tell(before.Id, "Hello", "A notice for the first reader.");
            await services.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        var first = await OtherProcessChangesTests.SignedInOnTheSiteAsync(site, "reader");
        var photos = await first.GetAsync("/photos");
        Assert.Equal(HttpStatusCode.OK, photos.Status); // the permissions and the unread count cached from here on
        Assert.Contains("data-unread>1<", photos.Html, StringComparison.Ordinal);

        Assert.True(await SitePool.ResetAsync(site));

        Assert.NotEqual(HttpStatusCode.OK, (await first.GetAsync("/photos")).Status); // its cookie names a user no longer there
        Assert.Null(await site.FindUserAsync("reader"));
        var after = await site.CreateUserAsync("reader");
        Assert.Equal(before.Id, after.Id); // ids start over as on a new copy: what was cached for the id would be wrong
        var browser = await OtherProcessChangesTests.SignedInOnTheSiteAsync(site, "reader");
        photos = await browser.GetAsync("/photos");
        Assert.Equal(HttpStatusCode.Forbidden, photos.Status);
        Assert.DoesNotContain("data-unread", photos.Html, StringComparison.Ordinal);

        // A grant made with SQL reaches the site only through its change feed, whose ids must rise past those it read.
        var permission = await site.PermissionIdAsync("blog.view_photo");
        await TestSite.QueryAsync(site.Database, db => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "UserPermissions" ("UserId", "PermissionId") VALUES ({after.Id}, {permission})"""));
        var patience = Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        while ((await browser.GetAsync("/photos")).Status != HttpStatusCode.OK)
        {
            Assert.False(patience.IsCompleted, "The site never heard of the grant made with SQL.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_site_whose_schema_its_test_changed_is_not_kept(DatabaseKind kind)
    {
        await using var site = await AdminSite.BuildAsync(kind, configure: null, environment: null, kept: false);
        await TestSite.QueryAsync(site.Database, db => db.Database.ExecuteSqlAsync(
            $"""CREATE INDEX "IX_Test_Email" ON "AspNetUsers" ("Email")"""));

        Assert.False(await SitePool.ResetAsync(site));
    }

    [Fact]
    public async Task A_sqlite_site_whose_database_is_still_being_written_is_not_kept()
    {
        await using var site = await AdminSite.BuildAsync(DatabaseKind.Sqlite, configure: null, environment: null, kept: false);
        await using var writer = new SqliteConnection(site.Database.ConnectionString);
        await writer.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await writer.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var write = new SqliteCommand("""DELETE FROM "AspNetUsers" """, writer, (SqliteTransaction)transaction))
        {
            await write.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.False(await SitePool.ResetAsync(site));
    }
}
