using Npgsql;
using NpgsqlTypes;
using PermissionsAdmin.PostgreSql;

namespace PermissionsAdmin.Web.Bench;

/// <summary>
/// Binary COPY in batches. The tables' own triggers (scale-out notifications, one per row) are off while a batch
/// loads, inside its transaction, and one "everything changed" notification follows the load instead.
/// </summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection) : IBulkWriter
{
    private const int BatchSize = 100_000;

    public async Task WriteAsync(BulkTable table, IEnumerable<object?[]> rows, BenchProgress progress, CancellationToken cancellationToken)
    {
        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync($"ALTER TABLE {table.QuotedName} DISABLE TRIGGER USER", cancellationToken);
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {table.QuotedName} ({table.QuotedColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var row in batch)
                {
                    importer.StartRow();
                    foreach (var value in row) Write(importer, value);
                    progress.Advance();
                }
                await importer.CompleteAsync(cancellationToken);
            }
            await ExecuteAsync($"ALTER TABLE {table.QuotedName} ENABLE TRIGGER USER", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await ExecuteAsync($"SELECT pg_notify('{PermissionChangeNotifications.Channel}', '{PermissionChangeNotifications.Everyone}')", cancellationToken);
    }

    public Task ResetIdentityAsync(BulkTable table, string idColumn, CancellationToken cancellationToken) => ExecuteAsync(
        $"SELECT setval(pg_get_serial_sequence('{table.QuotedName}', '{idColumn}'), (SELECT max({BulkTable.Quote(idColumn)}) FROM {table.QuotedName}))",
        cancellationToken);

    public Task AnalyzeAsync(IEnumerable<BulkTable> tables, CancellationToken cancellationToken) =>
        // VACUUM too: it sets the visibility map, without which index-only scans visit the heap for every row.
        ExecuteAsync($"VACUUM (ANALYZE) {string.Join(", ", tables.Select(t => t.QuotedName).Distinct())}", cancellationToken);

    private static void Write(NpgsqlBinaryImporter importer, object? value)
    {
        switch (value)
        {
            case null: importer.WriteNull(); break;
            case int number: importer.Write(number, NpgsqlDbType.Integer); break;
            case long number: importer.Write(number, NpgsqlDbType.Bigint); break;
            case bool flag: importer.Write(flag, NpgsqlDbType.Boolean); break;
            case string text: importer.Write(text, NpgsqlDbType.Text); break;
            case DateTime at: importer.Write(at, NpgsqlDbType.TimestampTz); break;
            default: throw new InvalidOperationException($"No COPY mapping for {value.GetType().Name}.");
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0; // VACUUM of a million rows outlasts the default 30 s on a slow machine
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
