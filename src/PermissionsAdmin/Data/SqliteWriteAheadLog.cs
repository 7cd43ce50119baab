using System.Data.Common;

namespace PermissionsAdmin.Data;

/// <summary>
/// SQLite's write-ahead log, in which a reader never holds up a writer's commit. EF Core's creator turns it on when it
/// creates a database file, but the startup lock opens the file first (creating it), so EF Core never does; and in
/// the rollback-journal mode a file starts in, a commit waits for readers, a wait Microsoft.Data.Sqlite 10 gives up at
/// once when it falls on the end of a statement that returns rows, as EF Core's updates do ("database is locked").
/// The mode is kept in the file: databases made by earlier versions are switched on their next start.
/// </summary>
internal static class SqliteWriteAheadLog
{
    public static async Task TurnOnAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = 'wal'";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
