using Npgsql;
using NpgsqlTypes;
using PermissionsAdmin.PostgreSql;

namespace PermissionsAdmin.Web.Bench;

/// <summary>
/// Binary COPY in batches. The library's triggers on a table (the change feed's and scale-out's, a row or a notification
/// per row) are off while a batch loads, inside its transaction, and one "everything changed" notification follows the
/// load instead. The search table's trigger stays on, so the users seeded are found by the users list's search.
/// </summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection) : IBulkWriter
{
    private const int BatchSize = 100_000;

    public async Task WriteAsync(BulkTable table, IEnumerable<object?[]> rows, BenchProgress progress, CancellationToken cancellationToken)
    {
        var triggers = await LibraryTriggersAsync(table, cancellationToken);
        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var trigger in triggers) await ExecuteAsync($"ALTER TABLE {table.QuotedName} DISABLE TRIGGER {BulkTable.Quote(trigger)}", cancellationToken);
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
            foreach (var trigger in triggers) await ExecuteAsync($"ALTER TABLE {table.QuotedName} ENABLE TRIGGER {BulkTable.Quote(trigger)}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await ExecuteAsync($"SELECT pg_notify('{PermissionChangeNotifications.Channel}', '{PermissionChangeNotifications.Everyone}')", cancellationToken);
    }

    private async Task<List<string>> LibraryTriggersAsync(BulkTable table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass($1) AND NOT tgisinternal AND tgname LIKE 'permissionsadmin\\_%'", connection)
        {
            Parameters = { new() { Value = table.QuotedName } },
        };
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        return names;
    }

    public Task ResetIdentityAsync(BulkTable table, string idColumn, CancellationToken cancellationToken) => ExecuteAsync(
        $"SELECT setval(pg_get_serial_sequence('{table.QuotedName}', '{idColumn}'), (SELECT max({BulkTable.Quote(idColumn)}) FROM {table.QuotedName}))",
        cancellationToken);

    public Task AnalyzeAsync(CancellationToken cancellationToken) =>
        // VACUUM too: it sets the visibility map, without which index-only scans visit the heap for every row. The whole
        // database, so the tables triggers filled are done as well: the users' search table, left out, made a common
        // word's search at 100,000 users 80 ms at p95 instead of 54 in the same minutes.
        ExecuteAsync("VACUUM (ANALYZE)", cancellationToken);

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
