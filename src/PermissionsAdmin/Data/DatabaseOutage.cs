using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace PermissionsAdmin.Data;

/// <summary>
/// Tells a failure to reach the database (down, restarting, cut off, its file locked) from a bug: the first is worth
/// a 503 and a retry later, the second is a 500.
/// </summary>
public static class DatabaseOutage
{
    // SQLite result codes: another connection holds the lock, or the file cannot be opened or read.
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoError = 10, SqliteCantOpen = 14;

    /// <summary>True when <paramref name="exception"/>, or one it wraps, says the database could not be reached.</summary>
    public static bool IsOutage(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Already judged: a write that met an outage, or retries of transient failures that all failed.
                case DatabaseUnavailableException or RetryLimitExceededException:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteIoError or SqliteCantOpen;
                // The provider's own judgement (Npgsql: connection failures, "the database system is shutting down"),
                // a connection-class SQLSTATE (08: connection exception, 57P: operator intervention), or a network
                // failure or pool timeout under it.
                case DbException db when db.IsTransient || db.SqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal)):
                    return true;
                case DbException { InnerException: SocketException or TimeoutException or IOException }:
                    return true;
            }
        }
        return false;
    }
}
