using Microsoft.EntityFrameworkCore.Migrations;

namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// Triggers that announce every change affecting cached permissions with <c>pg_notify</c> on
/// <see cref="Channel"/>: the payload is the affected user's id, or <see cref="Everyone"/>. A notification is
/// delivered when its transaction commits (never for a rollback) and whoever wrote the row — the site, the CLI, a
/// script in psql — so every instance's <see cref="PermissionChangeListener"/> hears of it.
/// <para>
/// For hand-written migrations: every method does nothing unless the migration runs on PostgreSQL (Npgsql), so a
/// provider-neutral migration can call them unconditionally. The SQL they emit is part of migrations already
/// applied: change its meaning only through new methods.
/// </para>
/// </summary>
public static class PermissionChangeNotifications
{
    public const string Channel = "permissionsadmin_changes";

    /// <summary>The payload of a change that may affect any user (group grants, groups, the catalogue, a TRUNCATE).</summary>
    public const string Everyone = "*";

    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";
    private const string UserFunction = "permissionsadmin_notify_user";
    private const string EveryoneFunction = "permissionsadmin_notify_everyone";
    private static readonly string[] TriggerNames =
        ["permissionsadmin_notify", "permissionsadmin_notify_update", "permissionsadmin_notify_delete", "permissionsadmin_notify_truncate"];

    /// <summary>
    /// The functions, and the triggers on the library's own tables: direct grants, memberships and object grants
    /// of users (by user), users (by user, when a flag or the security stamp changes, or on delete), and group
    /// grants, object grants of groups, groups, permissions and content types (everyone).
    /// </summary>
    public static void CreatePermissionChangeNotifications(this MigrationBuilder migrationBuilder)
    {
        if (!IsPostgres(migrationBuilder)) return;
        migrationBuilder.CreatePermissionChangeFunctions();
        migrationBuilder.NotifyUserOnChange("UserPermissions", "UserId");
        migrationBuilder.NotifyUserOnChange("AspNetUserRoles", "UserId");
        migrationBuilder.NotifyUserOnChange("AspNetUsers", "Id", "IsActive", "IsSuperuser", "IsStaff", "SecurityStamp");
        migrationBuilder.NotifyEveryoneOnChange("GroupPermissions");
        migrationBuilder.NotifyEveryoneOnChange("AspNetRoles");
        migrationBuilder.NotifyEveryoneOnChange("Permissions");
        migrationBuilder.NotifyEveryoneOnChange("ContentTypes");
        migrationBuilder.NotifyUserOnChange("UserObjectPermissions", "UserId");
        migrationBuilder.NotifyEveryoneOnChange("GroupObjectPermissions");
    }

    /// <summary>Undoes <see cref="CreatePermissionChangeNotifications"/>.</summary>
    public static void DropPermissionChangeNotifications(this MigrationBuilder migrationBuilder)
    {
        if (!IsPostgres(migrationBuilder)) return;
        foreach (var table in new[]
        {
            "UserPermissions", "AspNetUserRoles", "AspNetUsers", "GroupPermissions", "AspNetRoles", "Permissions", "ContentTypes",
            "UserObjectPermissions", "GroupObjectPermissions",
        })
        {
            migrationBuilder.DropPermissionChangeTriggers(table);
        }
        migrationBuilder.Sql($"""
            DROP FUNCTION IF EXISTS {UserFunction}();
            DROP FUNCTION IF EXISTS {EveryoneFunction}();
            """);
    }

    /// <summary>The two trigger functions (idempotent). <see cref="CreatePermissionChangeNotifications"/> includes them.</summary>
    public static void CreatePermissionChangeFunctions(this MigrationBuilder migrationBuilder)
    {
        if (!IsPostgres(migrationBuilder)) return;
        migrationBuilder.Sql($"""
            CREATE OR REPLACE FUNCTION {UserFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- TG_ARGV[0] names the column holding the user id. Notifications repeated within one
                -- transaction with the same payload are delivered once.
                IF TG_OP <> 'DELETE' THEN
                    PERFORM pg_notify('{Channel}', coalesce(to_jsonb(NEW) ->> TG_ARGV[0], '{Everyone}'));
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    PERFORM pg_notify('{Channel}', coalesce(to_jsonb(OLD) ->> TG_ARGV[0], '{Everyone}'));
                END IF;
                RETURN NULL;
            END
            $$;

            CREATE OR REPLACE FUNCTION {EveryoneFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{Channel}', '{Everyone}');
                RETURN NULL;
            END
            $$;
            """);
    }

    /// <summary>
    /// Rows of <paramref name="table"/> belong to the user in <paramref name="userIdColumn"/>: inserts, updates and
    /// deletes notify that user (both users when an update moves a row), a TRUNCATE notifies everyone. With
    /// <paramref name="watchedColumns"/>, only updates that change one of them (or the user id) and deletes notify.
    /// </summary>
    public static void NotifyUserOnChange(this MigrationBuilder migrationBuilder, string table, string userIdColumn, params string[] watchedColumns)
    {
        if (!IsPostgres(migrationBuilder)) return;
        var quotedTable = Quote(table);
        var function = $"{UserFunction}('{userIdColumn.Replace("'", "''")}')";
        if (watchedColumns.Length == 0)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER permissionsadmin_notify AFTER INSERT OR UPDATE OR DELETE ON {quotedTable}
                    FOR EACH ROW EXECUTE FUNCTION {function};
                """);
        }
        else
        {
            var changed = string.Join(" OR ", watchedColumns.Append(userIdColumn).Distinct()
                .Select(c => $"OLD.{Quote(c)} IS DISTINCT FROM NEW.{Quote(c)}"));
            migrationBuilder.Sql($"""
                CREATE TRIGGER permissionsadmin_notify_update AFTER UPDATE ON {quotedTable}
                    FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function};
                CREATE TRIGGER permissionsadmin_notify_delete AFTER DELETE ON {quotedTable}
                    FOR EACH ROW EXECUTE FUNCTION {function};
                """);
        }
        migrationBuilder.Sql($"""
            CREATE TRIGGER permissionsadmin_notify_truncate AFTER TRUNCATE ON {quotedTable}
                FOR EACH STATEMENT EXECUTE FUNCTION {EveryoneFunction}();
            """);
    }

    /// <summary>Any statement that inserts, updates, deletes or truncates rows of <paramref name="table"/> notifies everyone.</summary>
    public static void NotifyEveryoneOnChange(this MigrationBuilder migrationBuilder, string table)
    {
        if (!IsPostgres(migrationBuilder)) return;
        migrationBuilder.Sql($"""
            CREATE TRIGGER permissionsadmin_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {Quote(table)}
                FOR EACH STATEMENT EXECUTE FUNCTION {EveryoneFunction}();
            """);
    }

    /// <summary>Drops the triggers <see cref="NotifyUserOnChange"/> or <see cref="NotifyEveryoneOnChange"/> put on <paramref name="table"/>.</summary>
    public static void DropPermissionChangeTriggers(this MigrationBuilder migrationBuilder, string table)
    {
        if (!IsPostgres(migrationBuilder)) return;
        migrationBuilder.Sql(string.Join("\n", TriggerNames.Select(t => $"DROP TRIGGER IF EXISTS {t} ON {Quote(table)};")));
    }

    private static bool IsPostgres(MigrationBuilder migrationBuilder) => migrationBuilder.ActiveProvider == NpgsqlProvider;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
