using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Data;

/// <summary>
/// About how many rows an entity's table holds, read from what the database keeps anyway rather than counted:
/// PostgreSQL's planner statistics, SQL Server's partition row counts, SQLite's row id range (deleted rows included,
/// so an upper bound). Null when the database has no figure yet.
/// </summary>
internal static class TableSize
{
    public static async Task<long?> EstimateAsync(DbContext db, Type entity, CancellationToken cancellationToken)
    {
        var table = db.Model.FindEntityType(entity)!;
        var name = table.GetTableName()!;
        var schema = table.GetSchema();
        var query = db.Database.ProviderName switch
        {
            DatabaseProviders.Npgsql => db.Database.SqlQuery<long?>(
                $"""SELECT CAST(reltuples AS bigint) AS "Value" FROM pg_class WHERE oid = to_regclass({Quoted('"', schema, name, '"')}) AND reltuples >= 0"""),
            DatabaseProviders.SqlServer => db.Database.SqlQuery<long?>(
                $"SELECT SUM(CAST(rows AS bigint)) AS Value FROM sys.partitions WHERE object_id = OBJECT_ID({Quoted('[', schema, name, ']')}) AND index_id IN (0, 1)"),
            _ => db.Database.SqlQueryRaw<long?>(SqliteRowIdRange(Quoted('"', schema, name, '"'))),
        };
        return (await query.ToListAsync(cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// A table name cannot be a parameter in SQLite; it comes from the model, quoted. MIN and MAX each in its own
    /// SELECT: together in one, SQLite scans the table instead of reading each end of its b-tree.
    /// </summary>
    private static string SqliteRowIdRange(string quotedTable) =>
        $"SELECT (SELECT MAX(rowid) FROM {quotedTable}) - (SELECT MIN(rowid) FROM {quotedTable}) + 1 AS Value";

    private static string Quoted(char open, string? schema, string name, char close)
    {
        var closing = close.ToString();
        string Quote(string part) => open + part.Replace(closing, closing + closing, StringComparison.Ordinal) + close;
        return schema is null ? Quote(name) : Quote(schema) + "." + Quote(name);
    }
}
