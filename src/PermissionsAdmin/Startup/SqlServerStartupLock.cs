using System.Data.Common;

namespace PermissionsAdmin.Startup;

/// <summary>
/// A session-owned application lock (<c>sp_getapplock</c>) on a connection of its own: SQL Server releases it when
/// that connection ends, however the process ends.
/// </summary>
internal sealed class SqlServerStartupLock(DbConnection template, string connectionString) : IDatabaseLock
{
    internal const string Resource = "PermissionsAdmin startup";

    public string Description => $"SQL Server application lock '{Resource}' (see sys.dm_tran_locks where resource_type = 'APPLICATION')";

    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var connection = DbProviderFactories.GetFactory(template)!.CreateConnection()!;
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            // 0 or 1: granted; negative: held by another session (LockTimeout 0 means do not wait).
            var result = await ScalarAsync(connection,
                $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'{Resource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @r;",
                cancellationToken);
            if (Convert.ToInt32(result, System.Globalization.CultureInfo.InvariantCulture) >= 0) return new Held(connection);
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
            try
            {
                await ScalarAsync(connection, $"EXEC sp_releaseapplock @Resource = N'{Resource}', @LockOwner = 'Session';", CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
