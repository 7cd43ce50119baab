using System.Data.Common;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Startup;

/// <summary>
/// An exclusive OS lock on a file beside the SQLite database (<c>permissionsadmin.db-startup.lock</c>): the operating
/// system releases it when the process ends, however it ends, so it is never left behind the way EF Core's own
/// migration lock row is. SQLite is shared only by processes on one host, which is where such a lock works. The file
/// itself stays: deleting it while another process waits on it would let a third lock a new file beside it.
/// </summary>
internal sealed class SqliteStartupLock : IDatabaseLock
{
    private readonly string? _path;

    private SqliteStartupLock(string? path) => _path = path;

    public string Description => $"an exclusive lock on {_path}";

    /// <summary>
    /// The lock for the database the connection string names (none for an in-memory database). Opening the database
    /// creates its file when missing, so this is where it is given its write-ahead log (<see cref="SqliteWriteAheadLog"/>).
    /// </summary>
    public static async Task<SqliteStartupLock> BesideAsync(DbConnection template, string connectionString, CancellationToken cancellationToken)
    {
        // The opened connection names the file as SQLite resolved it (an absolute path; empty in memory).
        await using var connection = DbProviderFactories.GetFactory(template)!.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);
        if (connection.DataSource is not { Length: > 0 } file) return new SqliteStartupLock(null);
        await SqliteWriteAheadLog.TurnOnAsync(connection, cancellationToken);
        return new SqliteStartupLock(file + "-startup.lock");
    }

    public Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        // An in-memory database lives and dies with its one process: nobody to take turns with.
        if (_path is null) return Task.FromResult<IAsyncDisposable?>(new NotNeeded());
        try
        {
            return Task.FromResult<IAsyncDisposable?>(new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // Held by another process (a missing folder or a denied access are other exception types and stop startup).
            return Task.FromResult<IAsyncDisposable?>(null);
        }
    }

    private sealed class NotNeeded : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
