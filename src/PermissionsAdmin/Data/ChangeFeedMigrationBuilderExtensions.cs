using Microsoft.EntityFrameworkCore.Migrations;
using PermissionsAdmin.Model;
using static PermissionsAdmin.Data.SqlIdentifier;

namespace PermissionsAdmin.Data;

/// <summary>
/// The triggers that append a <see cref="PermissionChange"/> row for every committed write that can change what a
/// user holds, whoever writes: the site, the CLI, a script. Call in a migration, after the <c>PermissionChanges</c>
/// table is created. The SQL is part of migrations already applied: change its meaning only through new methods.
/// </summary>
public static class ChangeFeedMigrationBuilderExtensions
{
    private const string Feed = "\"PermissionChanges\"";
    private const string UserFunction = "permissionsadmin_feed_user";
    private const string EveryoneFunction = "permissionsadmin_feed_everyone";

    /// <summary>Tables whose rows belong to one user (by the column named), and the user columns whose change matters.</summary>
    private static readonly (string Table, string UserIdColumn, string[] WatchedColumns)[] UserTables =
    [
        ("UserPermissions", "UserId", []),
        ("AspNetUserRoles", "UserId", []),
        ("UserObjectPermissions", "UserId", []),
        ("AspNetUsers", "Id", ["IsActive", "IsSuperuser", "IsStaff", "SecurityStamp"]),
    ];

    /// <summary>Tables whose rows can change what anyone holds: group grants, groups, the catalogue.</summary>
    private static readonly string[] EveryoneTables =
        ["GroupPermissions", "AspNetRoles", "Permissions", "ContentTypes", "GroupObjectPermissions"];

    /// <summary>The writes a SQLite trigger fires on, as SQL says them (the triggers' names say them in lower case).</summary>
    private static readonly string[] SqliteOperations = ["INSERT", "UPDATE", "DELETE"];

    /// <summary>What the names of a watched table's PostgreSQL triggers end in, after <c>permissionsadmin_feed</c>.</summary>
    private static readonly string[] PostgresTriggerSuffixes = ["", "_update", "_delete", "_truncate"];

    /// <summary>Every table the feed watches.</summary>
    internal static IEnumerable<string> WatchedTables => UserTables.Select(t => t.Table).Concat(EveryoneTables);

    /// <summary>
    /// The trigger's name on SQL Server, one per table, which the model must declare (EF Core writes to a table with
    /// triggers without an OUTPUT clause, which SQL Server refuses there).
    /// </summary>
    internal static string SqlServerTrigger(string table) => $"permissionsadmin_feed_{table}";

    public static void CreatePermissionChangeFeed(this MigrationBuilder migrationBuilder)
    {
        switch (migrationBuilder.ActiveProvider)
        {
            case DatabaseProviders.Sqlite:
                foreach (var (table, userId, watched) in UserTables) migrationBuilder.Sql(SqliteUserTriggers(table, userId, watched));
                foreach (var table in EveryoneTables) migrationBuilder.Sql(SqliteEveryoneTriggers(table));
                break;
            case DatabaseProviders.Npgsql:
                migrationBuilder.Sql(PostgresFunctions);
                foreach (var (table, userId, watched) in UserTables) migrationBuilder.Sql(PostgresUserTriggers(table, userId, watched));
                foreach (var table in EveryoneTables) migrationBuilder.Sql(PostgresEveryoneTrigger(table));
                break;
            case DatabaseProviders.SqlServer:
                foreach (var (table, userId, watched) in UserTables) migrationBuilder.Sql(InBatchOfItsOwn(SqlServerUserTrigger(table, userId, watched)));
                foreach (var table in EveryoneTables) migrationBuilder.Sql(InBatchOfItsOwn(SqlServerEveryoneTrigger(table)));
                break;
            default:
                throw new NotSupportedException(
                    $"The permission change feed has no triggers for {migrationBuilder.ActiveProvider}: without them, " +
                    "changes made by other processes would never reach a running site.");
        }
    }

    public static void DropPermissionChangeFeed(this MigrationBuilder migrationBuilder)
    {
        var tables = WatchedTables;
        if (migrationBuilder.ActiveProvider == DatabaseProviders.SqlServer)
        {
            foreach (var table in tables) migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {Bracket(SqlServerTrigger(table))};");
            return;
        }
        if (migrationBuilder.ActiveProvider == DatabaseProviders.Npgsql)
        {
            foreach (var table in tables)
            {
                migrationBuilder.Sql(string.Join("\n", PostgresTriggerSuffixes
                    .Select(suffix => $"DROP TRIGGER IF EXISTS permissionsadmin_feed{suffix} ON {Quote(table)};")));
            }
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {UserFunction}(); DROP FUNCTION IF EXISTS {EveryoneFunction}();");
            return;
        }
        foreach (var table in tables)
        {
            migrationBuilder.Sql(string.Join("\n", SqliteOperations
                .Select(operation => $"DROP TRIGGER IF EXISTS {SqliteTrigger(table, operation.ToLowerInvariant())};")));
        }
    }

    private const string SqliteNow = "strftime('%Y-%m-%d %H:%M:%f', 'now')";

    private static string SqliteUserTriggers(string table, string userIdColumn, string[] watchedColumns)
    {
        var userId = Quote(userIdColumn);
        var insert = $"INSERT INTO {Feed} (\"UserId\", \"ChangedAt\")";
        var changed = watchedColumns.Length == 0 ? ""
            : "WHEN " + string.Join(" OR ", watchedColumns.Append(userIdColumn).Select(c => $"OLD.{Quote(c)} IS NOT NEW.{Quote(c)}"));
        var onInsert = watchedColumns.Length == 0
            ? $"CREATE TRIGGER {SqliteTrigger(table, "insert")} AFTER INSERT ON {Quote(table)} BEGIN {insert} VALUES (NEW.{userId}, {SqliteNow}); END;"
            : "";
        return $"""
            {onInsert}
            CREATE TRIGGER {SqliteTrigger(table, "update")} AFTER UPDATE ON {Quote(table)} {changed}
            BEGIN
                {insert} VALUES (OLD.{userId}, {SqliteNow});
                {insert} SELECT NEW.{userId}, {SqliteNow} WHERE NEW.{userId} IS NOT OLD.{userId};
            END;
            CREATE TRIGGER {SqliteTrigger(table, "delete")} AFTER DELETE ON {Quote(table)} BEGIN {insert} VALUES (OLD.{userId}, {SqliteNow}); END;
            """;
    }

    private static string SqliteEveryoneTriggers(string table) => string.Join("\n", SqliteOperations.Select(operation =>
        $"CREATE TRIGGER {SqliteTrigger(table, operation.ToLowerInvariant())} AFTER {operation} ON {Quote(table)} " +
        $"BEGIN INSERT INTO {Feed} (\"UserId\", \"ChangedAt\") VALUES (NULL, {SqliteNow}); END;"));

    private static string SqliteTrigger(string table, string operation) => Quote($"permissionsadmin_feed_{table}_{operation}");

    private static readonly string PostgresFunctions = $"""
        CREATE OR REPLACE FUNCTION {UserFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            old_user integer;
            new_user integer;
        BEGIN
            -- TG_ARGV[0] names the column holding the user id.
            IF TG_OP <> 'INSERT' THEN old_user := (to_jsonb(OLD) ->> TG_ARGV[0])::integer; END IF;
            IF TG_OP <> 'DELETE' THEN new_user := (to_jsonb(NEW) ->> TG_ARGV[0])::integer; END IF;
            IF old_user IS NOT NULL THEN
                INSERT INTO {Feed} ("UserId", "ChangedAt") VALUES (old_user, now());
            END IF;
            IF new_user IS NOT NULL AND new_user IS DISTINCT FROM old_user THEN
                INSERT INTO {Feed} ("UserId", "ChangedAt") VALUES (new_user, now());
            END IF;
            RETURN NULL;
        END
        $$;

        CREATE OR REPLACE FUNCTION {EveryoneFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {Feed} ("UserId", "ChangedAt") VALUES (NULL, now());
            RETURN NULL;
        END
        $$;
        """;

    private static string PostgresUserTriggers(string table, string userIdColumn, string[] watchedColumns)
    {
        var quotedTable = Quote(table);
        var function = $"{UserFunction}('{userIdColumn}')";
        var rows = watchedColumns.Length == 0
            ? $"CREATE TRIGGER permissionsadmin_feed AFTER INSERT OR UPDATE OR DELETE ON {quotedTable} FOR EACH ROW EXECUTE FUNCTION {function};"
            : $"""
              CREATE TRIGGER permissionsadmin_feed_update AFTER UPDATE ON {quotedTable} FOR EACH ROW
                  WHEN ({string.Join(" OR ", watchedColumns.Append(userIdColumn).Select(c => $"OLD.{Quote(c)} IS DISTINCT FROM NEW.{Quote(c)}"))})
                  EXECUTE FUNCTION {function};
              CREATE TRIGGER permissionsadmin_feed_delete AFTER DELETE ON {quotedTable} FOR EACH ROW EXECUTE FUNCTION {function};
              """;
        return $"""
            {rows}
            CREATE TRIGGER permissionsadmin_feed_truncate AFTER TRUNCATE ON {quotedTable} FOR EACH STATEMENT EXECUTE FUNCTION {EveryoneFunction}();
            """;
    }

    /// <summary>One row per statement, not per row: a statement that touches many group grants is one change.</summary>
    private static string PostgresEveryoneTrigger(string table) =>
        $"CREATE TRIGGER permissionsadmin_feed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {Quote(table)} " +
        $"FOR EACH STATEMENT EXECUTE FUNCTION {EveryoneFunction}();";

    /// <summary>
    /// SQL Server triggers fire once per statement with the rows in <c>inserted</c> and <c>deleted</c>: one feed row
    /// per user touched (for users, only when a watched column changed or the row went), in the writer's transaction.
    /// </summary>
    private static string SqlServerUserTrigger(string table, string userIdColumn, string[] watchedColumns)
    {
        var userId = Bracket(userIdColumn);
        var changed = watchedColumns.Length == 0
            ? $"SELECT {userId} FROM inserted UNION SELECT {userId} FROM deleted"
            // A user's id never changes (an identity column): a row counts when it went or a watched column differs,
            // NULLs included (EXCEPT compares NULLs as equal).
            : $"SELECT d.{userId} FROM deleted AS d LEFT JOIN inserted AS i ON i.{userId} = d.{userId} " +
              $"WHERE i.{userId} IS NULL OR EXISTS (SELECT {Columns("d", watchedColumns)} EXCEPT SELECT {Columns("i", watchedColumns)})";
        var operations = watchedColumns.Length == 0 ? "INSERT, UPDATE, DELETE" : "UPDATE, DELETE";
        return $"""
            CREATE TRIGGER {Bracket(SqlServerTrigger(table))} ON {Bracket(table)} AFTER {operations} AS
            BEGIN
                SET NOCOUNT ON;
                INSERT INTO [PermissionChanges] ([UserId], [ChangedAt]) SELECT changed.{userId}, SYSUTCDATETIME() FROM ({changed}) AS changed;
            END
            """;
    }

    /// <summary>
    /// CREATE TRIGGER must start a batch, and an idempotent script puts each migration's SQL inside an IF block:
    /// EXEC runs it as a batch of its own either way.
    /// </summary>
    private static string InBatchOfItsOwn(string sql) => $"EXEC(N'{sql.Replace("'", "''")}');";

    private static string Columns(string alias, string[] columns) => string.Join(", ", columns.Select(c => $"{alias}.{Bracket(c)}"));

    /// <summary>One row per statement that touched any row (SQL Server fires statement triggers for no rows too).</summary>
    private static string SqlServerEveryoneTrigger(string table) => $"""
        CREATE TRIGGER {Bracket(SqlServerTrigger(table))} ON {Bracket(table)} AFTER INSERT, UPDATE, DELETE AS
        BEGIN
            SET NOCOUNT ON;
            IF EXISTS (SELECT 1 FROM inserted) OR EXISTS (SELECT 1 FROM deleted)
                INSERT INTO [PermissionChanges] ([UserId], [ChangedAt]) VALUES (NULL, SYSUTCDATETIME());
        END
        """;

    /// <summary>SQL Server's own quoting, right whatever QUOTED_IDENTIFIER a script runs with (sqlcmd's default is off).</summary>
    private static string Bracket(string identifier) => "[" + identifier.Replace("]", "]]") + "]";
}
