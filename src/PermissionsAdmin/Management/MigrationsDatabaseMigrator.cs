using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Startup;

namespace PermissionsAdmin.Management;

/// <summary>The default <see cref="IDatabaseMigrator"/>: the app context's own migrations, one process at a time.</summary>
internal sealed class MigrationsDatabaseMigrator(PermissionsDbContext db, StartupLock startupLock) : IDatabaseMigrator
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        // Without migrations, MigrateAsync would create an empty database and report success.
        if (!db.Database.GetMigrations().Any())
        {
            throw new InvalidOperationException(
                $"{db.GetType().Name} has no migrations yet. Add the first with: dotnet ef migrations add Initial");
        }
        await using var held = await startupLock.AcquireAsync("Migrations", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
