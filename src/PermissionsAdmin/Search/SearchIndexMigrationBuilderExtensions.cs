using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Data;
using static PermissionsAdmin.Data.SqlIdentifier;

namespace PermissionsAdmin.Search;

/// <summary>
/// The index that makes <see cref="SubstringSearch"/> fast: a search for a word anywhere in a column reads the
/// rows holding the word's trigrams, not the table. Call in a migration after the table exists. SQLite: an FTS5
/// table with the trigram tokenizer, over the table's content, kept in step by triggers. PostgreSQL: a pg_trgm GIN
/// index on each column's lower case (what the search compares). SQL Server has no trigram index: its searches
/// scan, as before. The SQL is part of migrations already applied: change its meaning only through new methods.
/// </summary>
public static class SearchIndexMigrationBuilderExtensions
{
    /// <summary>
    /// The table indexing <paramref name="table"/>: SQLite's FTS5 table (<see cref="CreateSearchIndex"/>) or
    /// PostgreSQL's search table (<see cref="CreateSearchTable"/>).
    /// </summary>
    public static string SearchTable(string table) => table + "_search";

    /// <summary>The PostgreSQL index on one column of <paramref name="table"/>.</summary>
    public static string PostgresIndex(string table, string column) => $"IX_{table}_{column}_search";

    /// <param name="key">The table's integer primary key column (the FTS5 rowid).</param>
    /// <param name="columns">The text columns searched together.</param>
    public static void CreateSearchIndex(this MigrationBuilder migrationBuilder, string table, string key, params string[] columns)
    {
        switch (migrationBuilder.ActiveProvider)
        {
            case DatabaseProviders.Sqlite:
                var index = Quote(SearchTable(table));
                var names = string.Join(", ", columns.Select(Quote));
                string Values(string row) => string.Join(", ", columns.Select(c => $"{row}.{Quote(c)}"));
                migrationBuilder.Sql($"""
                    CREATE VIRTUAL TABLE {index} USING fts5({names}, content={Literal(table)}, content_rowid={Literal(key)}, tokenize='trigram');
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {Quote(table + "_search_insert")} AFTER INSERT ON {Quote(table)} BEGIN
                        INSERT INTO {index}(rowid, {names}) VALUES (new.{Quote(key)}, {Values("new")});
                    END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {Quote(table + "_search_delete")} AFTER DELETE ON {Quote(table)} BEGIN
                        INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.{Quote(key)}, {Values("old")});
                    END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {Quote(table + "_search_update")} AFTER UPDATE OF {names} ON {Quote(table)} BEGIN
                        INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.{Quote(key)}, {Values("old")});
                        INSERT INTO {index}(rowid, {names}) VALUES (new.{Quote(key)}, {Values("new")});
                    END;
                    """);
                // Rows already in the table.
                migrationBuilder.Sql($"INSERT INTO {index}({index}) VALUES ('rebuild');");
                break;
            case DatabaseProviders.Npgsql:
                // pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
                migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
                foreach (var column in columns)
                {
                    migrationBuilder.Sql(
                        $"CREATE INDEX {Quote(PostgresIndex(table, column))} ON {Quote(table)} USING gin (lower({Quote(column)}) gin_trgm_ops);");
                }
                break;
        }
    }

    /// <summary>
    /// PostgreSQL: the search table of <paramref name="table"/>, in place of its per-column trigram indexes, for a
    /// table where common words would make those slow. A row's key and its <paramref name="columns"/> lowercased in one
    /// text, joined by a line break (no search word holds one, so no word matches across two columns), kept in step by
    /// a trigger and read through one trigram index. Scanning it for a common word's first thousand matches takes about
    /// 1.5 ms at a million users against 15–20 ms for <c>lower()</c> on each row's four columns; a rare word takes one
    /// bitmap instead of four. The table's comment names the columns, for <see cref="SubstringSearch"/> to know what
    /// it answers. Other providers: nothing (SQLite's FTS5 table of <see cref="CreateSearchIndex"/> is already this).
    /// </summary>
    /// <param name="key">The table's integer primary key column.</param>
    public static void CreateSearchTable(this MigrationBuilder migrationBuilder, string table, string key, params string[] columns)
    {
        if (migrationBuilder.ActiveProvider != DatabaseProviders.Npgsql) return;
        var search = Quote(SearchTable(table));
        var sync = Quote(SearchTable(table) + "_sync");
        string Text(string row) => $"lower(concat_ws(E'\\n', {string.Join(", ", columns.Select(c => $"{row}{Quote(c)}"))}))";
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        migrationBuilder.Sql($"""
            CREATE TABLE {search} (
                {Quote(key)} integer PRIMARY KEY REFERENCES {Quote(table)} ({Quote(key)}) ON DELETE CASCADE ON UPDATE CASCADE,
                "Text" text NOT NULL);
            """);
        migrationBuilder.Sql($"COMMENT ON TABLE {search} IS {Literal(string.Join(", ", columns))};");
        migrationBuilder.Sql($"""
            CREATE FUNCTION {sync}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {search} ({Quote(key)}, "Text") VALUES (new.{Quote(key)}, {Text("new.")})
                ON CONFLICT ({Quote(key)}) DO UPDATE SET "Text" = excluded."Text";
                RETURN NULL;
            END $$;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER {sync} AFTER INSERT OR UPDATE OF {string.Join(", ", columns.Select(Quote))} ON {Quote(table)}
            FOR EACH ROW EXECUTE FUNCTION {sync}();
            """);
        // Rows already in the table.
        migrationBuilder.Sql($"INSERT INTO {search} ({Quote(key)}, \"Text\") SELECT {Quote(key)}, {Text("")} FROM {Quote(table)};");
        migrationBuilder.Sql($"CREATE INDEX {Quote($"IX_{SearchTable(table)}_Text")} ON {search} USING gin (\"Text\" gin_trgm_ops);");
    }

    public static void DropSearchTable(this MigrationBuilder migrationBuilder, string table)
    {
        if (migrationBuilder.ActiveProvider != DatabaseProviders.Npgsql) return;
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {Quote(SearchTable(table))};");
        migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {Quote(SearchTable(table) + "_sync")}() CASCADE;");
    }

    public static void DropSearchIndex(this MigrationBuilder migrationBuilder, string table, params string[] columns)
    {
        switch (migrationBuilder.ActiveProvider)
        {
            case DatabaseProviders.Sqlite:
                foreach (var trigger in new[] { "insert", "delete", "update" })
                {
                    migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {Quote($"{table}_search_{trigger}")};");
                }
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {Quote(SearchTable(table))};");
                break;
            case DatabaseProviders.Npgsql:
                foreach (var column in columns) migrationBuilder.Sql($"DROP INDEX IF EXISTS {Quote(PostgresIndex(table, column))};");
                break;
        }
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
