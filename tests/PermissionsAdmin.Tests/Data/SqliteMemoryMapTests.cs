using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Data;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Tests.Shop;

namespace PermissionsAdmin.Tests.Data;

public class SqliteMemoryMapTests
{
    [Fact]
    public async Task Every_SQLite_connection_reads_the_file_memory_mapped()
    {
        await using var host = await ShopHost.CreateAsync(DatabaseKind.Sqlite);
        for (var i = 0; i < 2; i++)
        {
            // A new context each time: a pooled connection opened again keeps the setting too.
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA mmap_size";
            Assert.Equal(SqliteMemoryMap.Size, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
    }
}
