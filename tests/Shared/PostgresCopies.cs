using System.Collections.Concurrent;
using Npgsql;

namespace PermissionsAdmin.Testing;

/// <summary>
/// Copies of one PostgreSQL template database, used again: a copy a test has disposed is put back as the template left
/// it and handed to the next test that asks, under the same name, so the connections pooled for it stay open and their
/// server processes warm. Putting one back empties every table and refills it from the template's rows (saved in the
/// schema <see cref="SavedSchema"/> of the template, and so of every copy) and sets every sequence back but the change
/// feed's (<see cref="TestDatabase.ChangeFeedTable"/>), in one transaction with triggers off. What that saves is the
/// copy and its drop, and new server processes filling their caches:
/// PostgreSQL's CPU for the admin and API tests (119 on PostgreSQL) fell from 51–63 s to 23–28 s, for the library's
/// tests from 29–32 s to 10–12 s.
/// A copy whose schema a test changed (an event trigger notes any DDL), or that cannot be put back, is dropped instead.
/// Autovacuum is off on the template's tables, so a table's size estimate (<c>pg_class.reltuples</c>) changes only when
/// a test analyzes it, as on a new copy; emptying the table forgets it.
/// </summary>
internal sealed class PostgresCopies
{
    private const string SavedSchema = "test_template";

    /// <summary>
    /// A copy put back with more connections than this open (idle in its pool) has them closed: they count towards the
    /// server's max_connections.
    /// </summary>
    private const int KeptConnections = 8;

    private readonly ConcurrentBag<TestDatabase> _free = [];
    private readonly TestDatabase _template;
    private readonly string _putBack;

    private PostgresCopies(TestDatabase template, string putBack)
    {
        _template = template;
        _putBack = putBack;
    }

    /// <summary>Saves the template's rows and sequences, turns autovacuum off and sets the trigger that notes schema changes.</summary>
    public static async Task<PostgresCopies> PrepareAsync(TestDatabase template)
    {
        await using var connection = new NpgsqlConnection(template.ConnectionString);
        await connection.OpenAsync();
        var tables = await ReadAsync(connection, """
            SELECT format('%I', c.relname),
                   (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
            FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY c.relname
            """);
        var setSequences = await ReadAsync(connection, $"""
            SELECT format('SELECT setval(%L, %s, %L);', format('public.%I', sequencename), COALESCE(last_value, start_value),
                          last_value IS NOT NULL)
            FROM pg_sequences WHERE schemaname = 'public' AND sequencename <> '{TestDatabase.ChangeFeedTable}_Id_seq'
            """);

        List<string> save = [$"CREATE SCHEMA {SavedSchema};"];
        List<string> putBack = [$"""
            SET lock_timeout = '5s';
            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database();
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle';
            BEGIN;
            DO $$BEGIN IF EXISTS (SELECT FROM {SavedSchema}.schema_changes) THEN RAISE EXCEPTION 'the schema changed'; END IF; END$$;
            SET LOCAL session_replication_role = replica;
            TRUNCATE {string.Join(", ", tables.Select(t => "public." + t[0]))};
            """];
        foreach (var (table, columns) in tables.Select(t => (t[0], t[1])))
        {
            save.Add($"CREATE TABLE {SavedSchema}.{table} AS TABLE public.{table};");
            save.Add($"ALTER TABLE public.{table} SET (autovacuum_enabled = off, toast.autovacuum_enabled = off);");
            putBack.Add($"INSERT INTO public.{table} ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM {SavedSchema}.{table};");
        }
        putBack.AddRange(setSequences.Select(s => s[0]));
        putBack.Add("COMMIT;");
        // Only what a command really made, altered or dropped: an IF NOT EXISTS that found the table made nothing, and a
        // temporary table goes with its session.
        save.Add($"""
            CREATE TABLE {SavedSchema}.schema_changes (tag text);
            CREATE FUNCTION {SavedSchema}.note_made_or_altered() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN
                INSERT INTO {SavedSchema}.schema_changes SELECT command_tag FROM pg_event_trigger_ddl_commands()
                WHERE schema_name IS NULL OR schema_name NOT LIKE 'pg_temp%';
            END$$;
            CREATE FUNCTION {SavedSchema}.note_dropped() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN
                INSERT INTO {SavedSchema}.schema_changes SELECT 'DROP ' || object_type FROM pg_event_trigger_dropped_objects()
                WHERE NOT is_temporary;
            END$$;
            CREATE EVENT TRIGGER test_template_made_or_altered ON ddl_command_end EXECUTE FUNCTION {SavedSchema}.note_made_or_altered();
            CREATE EVENT TRIGGER test_template_dropped ON sql_drop EXECUTE FUNCTION {SavedSchema}.note_dropped();
            """);
        await using (var command = new NpgsqlCommand(string.Join("\n", save), connection)) await command.ExecuteNonQueryAsync();
        return new PostgresCopies(template, string.Join("\n", putBack));
    }

    /// <summary>A copy no test is using: one put back, or else a new one.</summary>
    public async Task<TestDatabase> TakeAsync() => _free.TryTake(out var copy) ? copy : await TestDatabase.CopyAsync(_template, this);

    /// <summary>Puts <paramref name="copy"/> back as the template left it, or drops it when that cannot be done.</summary>
    public async ValueTask PutBackAsync(TestDatabase copy)
    {
        if (await ResetAsync(copy)) _free.Add(copy);
        else await copy.DropAsync();
    }

    /// <summary>
    /// Sets <paramref name="copy"/>'s rows back to the template's; false when that cannot be done (its schema changed, or
    /// it is still being written).
    /// </summary>
    public async Task<bool> ResetAsync(TestDatabase copy)
    {
        try
        {
            await using var connection = new NpgsqlConnection(copy.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(_putBack, connection);
            var open = (long)(await command.ExecuteScalarAsync())!;
            if (open > KeptConnections) NpgsqlConnection.ClearPool(connection);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>Drops the copies not in use (for the end of a test run).</summary>
    public async ValueTask DropFreeAsync()
    {
        while (_free.TryTake(out var copy)) await copy.DropAsync();
    }

    private static async Task<List<string[]>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return rows;
    }
}
