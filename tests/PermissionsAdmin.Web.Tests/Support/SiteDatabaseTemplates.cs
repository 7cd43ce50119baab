using System.Collections.Concurrent;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

[assembly: AssemblyFixture(typeof(SiteDatabaseTemplates))]

namespace PermissionsAdmin.Web.Tests.Support;

/// <summary>
/// Per provider, one database migrated and synced as the site starts, made on first use and copied for each test
/// that starts a site on such a database: migrating and syncing a new PostgreSQL database took over a second of
/// each. The templates are static so that any helper can copy one; xunit disposes this fixture, and so drops them,
/// once the last test has run.
/// </summary>
public sealed class SiteDatabaseTemplates : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestDatabase>>> Templates = new();

    /// <summary>A new database, migrated and synced (catalogue and configured groups), with nothing else in it.</summary>
    public static async Task<TestDatabase> CopyAsync(DatabaseKind kind) =>
        await TestDatabase.CopyAsync(await Templates.GetOrAdd(kind, k => new(() => PrepareAsync(k))).Value);

    private static async Task<TestDatabase> PrepareAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        await using var site = TestSite.Build(db);
        await site.PrepareDatabaseAsync();
        await site.SyncPermissionsAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var template in Templates.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully).Select(t => t.Value))
        {
            await (await template).DisposeAsync();
        }
    }
}
