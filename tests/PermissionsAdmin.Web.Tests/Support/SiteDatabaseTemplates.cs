using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Admin;
using PermissionsAdmin.Web.Tests.Support;

[assembly: AssemblyFixture(typeof(SiteDatabaseTemplates))]

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Per provider, one database migrated and synced as the site starts, copied for each test that starts a site on
/// such a database: migrating and syncing a new PostgreSQL database took over a second of each. Static so that any
/// helper can copy one; xunit disposes this fixture, and so drops them, once the last test has run.
/// </summary>
public sealed class SiteDatabaseTemplates : IAsyncDisposable
{
    private static readonly DatabaseTemplates Templates = new(async db =>
    {
        await using var site = TestSite.BuildForCommands(db);
        await site.PrepareDatabaseAsync();
        await site.SyncPermissionsAsync();
    });

    /// <summary>A new database, migrated and synced (catalogue and configured groups), with nothing else in it.</summary>
    public static Task<TestDatabase> CopyAsync(DatabaseKind kind) => Templates.CopyAsync(kind);

    /// <summary>
    /// Sets a copy a running site has open back to the template's rows; false when it cannot be (its schema changed, or
    /// it is still being written).
    /// </summary>
    public static Task<bool> ResetAsync(TestDatabase copy) => Templates.ResetAsync(copy);

    public async ValueTask DisposeAsync()
    {
        await SitePool.DisposeAsync(); // the kept sites' databases are copies of the templates
        await Templates.DisposeAsync();
    }
}
