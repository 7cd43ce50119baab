using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Startup;

/// <summary>
/// Before the catalogue is synced: a database that was never migrated is named as such, with the commands that fix
/// it, instead of failing on a missing table.
/// </summary>
internal static class DatabaseReadiness
{
    private const string MigrateCommand = "dotnet run -- migrate (or dotnet ef database update)";

    /// <summary>Throws <see cref="DatabaseNotReadyException"/> unless PermissionsAdmin's tables are there; an outage is left to propagate as itself.</summary>
    public static async Task EnsureAsync(PermissionsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Permissions.AnyAsync(cancellationToken);
        }
        catch (DbException e) when (!DatabaseOutage.IsOutage(e))
        {
            throw new DatabaseNotReadyException(
                $"The database has no PermissionsAdmin tables ({e.Message.TrimEnd('.')}). Create them: add migrations with " +
                $"dotnet ef migrations add Initial, then apply them with: {MigrateCommand}.", e);
        }
    }
}
