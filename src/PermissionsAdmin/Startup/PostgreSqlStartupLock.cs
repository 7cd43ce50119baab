using System.Data.Common;

namespace PermissionsAdmin.Startup;

/// <summary>
/// A session-level advisory lock on a connection of its own: PostgreSQL releases it when that connection ends,
/// however the process ends.
/// </summary>
internal sealed class PostgreSqlStartupLock(DbConnection template, string connectionString) : IDatabaseLock
{
    /// <summary>"PAstart1" as a number: the same for every instance, distinct from the data protection key's lock.</summary>
    internal const long Key = 0x5041_7374_6172_7431;

    public string Description => $"PostgreSQL advisory lock {Key} (see pg_locks where locktype = 'advisory')";

    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var connection = DbProviderFactories.GetFactory(template)!.CreateConnection()!;
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (await ScalarAsync(connection, $"SELECT pg_try_advisory_lock({Key})", cancellationToken) is true) return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private sealed class Held(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Closing the session releases the lock too; unlocking first hands it over before the close completes.
            try
            {
                await ScalarAsync(connection, $"SELECT pg_advisory_unlock({Key})", CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
