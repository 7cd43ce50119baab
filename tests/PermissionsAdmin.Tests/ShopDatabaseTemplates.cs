using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests;
using PermissionsAdmin.Tests.Shop;

[assembly: AssemblyFixture(typeof(ShopDatabaseTemplates))]

namespace PermissionsAdmin.Tests;

/// <summary>
/// Per provider, one database with the shop model's schema (EnsureCreated), copied for each host: creating the schema
/// anew took most of a host's start on PostgreSQL. Static so that the hosts can copy one; xunit disposes this fixture,
/// and so drops them, once the last test has run.
/// </summary>
public sealed class ShopDatabaseTemplates : IAsyncDisposable
{
    private static readonly DatabaseTemplates Templates = new(async db =>
    {
        var options = new DbContextOptionsBuilder<ShopDbContext>();
        db.Configure(options);
        await using var context = new ShopDbContext(options.Options);
        await context.Database.EnsureCreatedAsync();
    });

    /// <summary>A new database with the shop model's tables and nothing in them.</summary>
    public static Task<TestDatabase> CopyAsync(DatabaseKind kind) => Templates.CopyAsync(kind);

    public ValueTask DisposeAsync() => Templates.DisposeAsync();
}
