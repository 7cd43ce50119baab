using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PermissionsAdmin.Web.Bench;

/// <summary>Multi-row INSERTs, one transaction per batch (SQLite, or any provider without a COPY).</summary>
internal sealed class SqliteBulkWriter(DbConnection connection) : IBulkWriter
{
    private const int BatchSize = 20_000;
    private const int MaxParameters = 900; // binding slows down sharply with thousands of parameters per statement

    public async Task WriteAsync(BulkTable table, IEnumerable<object?[]> rows, BenchProgress progress, CancellationToken cancellationToken)
    {
        var rowsPerStatement = Math.Max(1, MaxParameters / table.Columns.Count);
        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var statement in batch.Chunk(rowsPerStatement))
            {
                await using var command = Insert(table, statement);
                command.Transaction = transaction;
                await command.ExecuteNonQueryAsync(cancellationToken);
                progress.Advance(statement.Length);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>SQLite's AUTOINCREMENT already remembers the largest id inserted.</summary>
    public Task ResetIdentityAsync(BulkTable table, string idColumn, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task AnalyzeAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "ANALYZE";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Insert(BulkTable table, object?[][] rows)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder($"INSERT INTO {table.QuotedName} ({table.QuotedColumns}) VALUES ");
        for (var r = 0; r < rows.Length; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                sql.Append(c == 0 ? name : ", " + name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = rows[r][c] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }
}
