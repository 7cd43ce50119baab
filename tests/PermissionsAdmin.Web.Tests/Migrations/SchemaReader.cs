using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PermissionsAdmin.Web.Tests.Migrations;

/// <summary>
/// A database's schema as sorted lines of text, read from the database itself (not from EF's model): tables,
/// columns (store type, nullability, default, identity), primary keys, indexes, foreign keys, and the triggers and
/// functions that migrations add outside the model (their full definitions).
/// EF's own bookkeeping tables (<c>__EFMigrationsHistory</c>, SQLite's <c>__EFMigrationsLock</c>) are left out.
/// </summary>
internal static class SchemaReader
{
    private const string EfTables = "('__EFMigrationsHistory', '__EFMigrationsLock')";

    public static async Task<List<string>> ReadAsync(DbContext context)
    {
        await context.Database.OpenConnectionAsync();
        try
        {
            var connection = context.Database.GetDbConnection();
            var lines = context.Database.IsSqlite() ? await ReadSqliteAsync(connection) : await ReadPostgresAsync(connection);
            return lines.Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            $"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN {EfTables}");
        foreach (var table in tables)
        {
            var name = (string)table[0]!;
            var quoted = "'" + name.Replace("'", "''") + "'";
            var autoincrement = ((string)table[1]!).Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase);
            lines.Add($"table {name}{(autoincrement ? " AUTOINCREMENT" : "")}");

            var columns = await QueryAsync(connection,
                $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info({quoted})");
            foreach (var column in columns)
            {
                lines.Add($"column {name}.{column[0]} {column[1]} {((long)column[2]! == 1 ? "NOT NULL" : "NULL")}" +
                    (column[3] is null ? "" : $" DEFAULT {column[3]}"));
            }
            var key = columns.Where(c => (long)c[4]! > 0).OrderBy(c => (long)c[4]!).Select(c => (string)c[0]!).ToList();
            if (key.Count > 0) lines.Add($"primary key {name} ({string.Join(", ", key)})");

            foreach (var index in await QueryAsync(connection,
                $"SELECT name, \"unique\", origin, partial FROM pragma_index_list({quoted})"))
            {
                var indexName = (string)index[0]!;
                var indexColumns = await QueryAsync(connection,
                    $"SELECT name FROM pragma_index_info('{indexName.Replace("'", "''")}') ORDER BY seqno");
                var where = "";
                if ((long)index[3]! == 1)
                {
                    var sql = (string)(await QueryAsync(connection,
                        $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{indexName.Replace("'", "''")}'"))[0][0]!;
                    where = " WHERE " + sql[(sql.IndexOf(" WHERE ", StringComparison.OrdinalIgnoreCase) + 7)..];
                }
                lines.Add($"index {name}.{indexName}{((long)index[1]! == 1 ? " UNIQUE" : "")} " +
                    $"({string.Join(", ", indexColumns.Select(c => c[0]))}) origin={index[2]}{where}");
            }

            var foreignKeys = await QueryAsync(connection,
                $"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list({quoted})");
            foreach (var foreignKey in foreignKeys.GroupBy(f => (long)f[0]!))
            {
                var parts = foreignKey.OrderBy(f => (long)f[1]!).ToList();
                lines.Add($"foreign key {name} ({string.Join(", ", parts.Select(p => p[3]))}) " +
                    $"REFERENCES {parts[0][2]} ({string.Join(", ", parts.Select(p => p[4]))}) " +
                    $"ON DELETE {parts[0][6]} ON UPDATE {parts[0][5]}");
            }
        }
        foreach (var trigger in await QueryAsync(connection, "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'"))
        {
            lines.Add($"trigger {trigger[0]}.{trigger[1]} {Collapse((string)trigger[2]!)}");
        }
        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        const string InSchema = "n.nspname = current_schema()";

        foreach (var table in await QueryAsync(connection, $"""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND c.relkind IN ('r', 'p') AND c.relname NOT IN {EfTables}
            """))
        {
            lines.Add($"table {table[0]}");
        }

        foreach (var column in await QueryAsync(connection, $"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity::text, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE {InSchema} AND c.relkind IN ('r', 'p') AND c.relname NOT IN {EfTables}
              AND a.attnum > 0 AND NOT a.attisdropped
            """))
        {
            var identity = column[4] switch
            {
                "a" => " GENERATED ALWAYS AS IDENTITY",
                "d" => " GENERATED BY DEFAULT AS IDENTITY",
                _ => "",
            };
            lines.Add($"column {column[0]}.{column[1]} {column[2]} {((bool)column[3]! ? "NOT NULL" : "NULL")}{identity}" +
                (column[5] is null ? "" : $" DEFAULT {column[5]}"));
        }

        // Primary keys, unique, check and foreign-key constraints, with their names and full definitions
        // (columns, referenced table and columns, ON DELETE action).
        foreach (var constraint in await QueryAsync(connection, $"""
            SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND c.relname NOT IN {EfTables} AND con.contype IN ('p', 'u', 'c', 'f')
            """))
        {
            var kind = constraint[2] switch
            {
                "p" => "primary key",
                "f" => "foreign key",
                "u" => "unique constraint",
                _ => "check constraint",
            };
            lines.Add($"{kind} {constraint[0]}.{constraint[1]} {constraint[3]}");
        }

        // Every index, the primary keys' included: name, uniqueness, columns in order, method and any filter.
        foreach (var index in await QueryAsync(connection, $"""
            SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE {InSchema} AND t.relname NOT IN {EfTables}
            """))
        {
            lines.Add($"index {index[0]}.{index[1]} {index[2]}");
        }

        foreach (var trigger in await QueryAsync(connection, $"""
            SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND NOT t.tgisinternal
            """))
        {
            lines.Add($"trigger {trigger[0]}.{trigger[1]} {trigger[2]}");
        }
        foreach (var function in await QueryAsync(connection, $"""
            SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {InSchema}
            """))
        {
            lines.Add($"function {function[0]} {Collapse((string)function[1]!)}");
        }
        return lines;
    }

    /// <summary>Whitespace does not change a definition's meaning.</summary>
    private static string Collapse(string sql) => string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task<List<object?[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
