using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Web.Data;

/// <summary>
/// EF Core's SQLite migration lock is a row in <c>__EFMigrationsLock</c>, deleted by the process that inserted it; a
/// process killed while migrating leaves it, and EF then waits for it forever, retrying each second without a word.
/// Migrations here run only under the <see cref="PermissionsAdmin.Startup.StartupLock"/>, which dies with its process,
/// so a row found while holding that lock belongs to no live migration of this site and is removed.
/// </summary>
internal static partial class LeftoverMigrationLock
{
    private const string Table = "__EFMigrationsLock";

    /// <summary>Call under the startup lock, before migrating.</summary>
    public static async Task RemoveAsync(AppDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return; // PostgreSQL's migration lock is a table lock of the migration's transaction
        var exists = await db.Database.SqlQuery<long>($"""SELECT COUNT(*) AS "Value" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = {Table}""")
            .SingleAsync(cancellationToken);
        if (exists == 0) return;
        var takenAt = await db.Database.SqlQueryRaw<string>($"""SELECT "Timestamp" AS "Value" FROM "{Table}" """).ToListAsync(cancellationToken);
        if (takenAt.Count == 0) return;
        await db.Database.ExecuteSqlRawAsync($"""DELETE FROM "{Table}" """, cancellationToken);
        LogRemoved(logger, string.Join(", ", takenAt));
    }

    [LoggerMessage(1, LogLevel.Warning,
        "Removed EF Core's migration lock taken at {TakenAt} by a process that stopped while migrating; migrating now.")]
    private static partial void LogRemoved(ILogger logger, string takenAt);
}
