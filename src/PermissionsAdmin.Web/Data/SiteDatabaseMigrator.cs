using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Management;
using PermissionsAdmin.Startup;

namespace PermissionsAdmin.Web.Data;

/// <summary>
/// The site's migrations, under the startup lock: first a migration lock left by a killed process is cleared and a
/// database made by the old hand-written migrations is adopted, then the provider's migrations are applied.
/// </summary>
internal sealed class SiteDatabaseMigrator(AppDbContext db, StartupLock startupLock, ILoggerFactory loggers) : IDatabaseMigrator
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var held = await startupLock.AcquireAsync("Migrations", cancellationToken);
        var logger = loggers.CreateLogger("PermissionsAdmin.Web");
        await LeftoverMigrationLock.RemoveAsync(db, logger, cancellationToken);
        await LegacyMigrationHistory.AdoptAsync(db, logger, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
