using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace PermissionsAdmin.Testing;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A fresh database per test, empty or a copy of a template: a temporary SQLite file, or a database on the
/// PostgreSQL server named by PERMISSIONSADMIN_TEST_POSTGRES (a copy there may be one an earlier test used, put back as
/// the template left it: <see cref="PostgresCopies"/>, which needs a superuser). Without that server, PostgreSQL cases
/// are skipped with a reason, unless PERMISSIONSADMIN_REQUIRE_ALL_TESTS is set (as scripts/test.sh does), when they
/// fail instead.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PERMISSIONSADMIN_TEST_POSTGRES";
    public const string RequireAllVariable = "PERMISSIONSADMIN_REQUIRE_ALL_TESTS";

    private static readonly Lock DropsLock = new();
    private static Task _drops = Task.CompletedTask;

    private readonly string? _sqliteFile;
    private readonly string? _postgresName;
    private readonly PostgresCopies? _copies;

    private TestDatabase(DatabaseKind kind, string connectionString, string? sqliteFile, string? postgresName, PostgresCopies? copies = null)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _postgresName = postgresName;
        _copies = copies;
    }

    public DatabaseKind Kind { get; }
    public string ConnectionString { get; }

    /// <summary>The value for the site's <c>Database:Provider</c> setting.</summary>
    public string ProviderName => Kind == DatabaseKind.Sqlite ? "Sqlite" : "PostgreSQL";

    private static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Theory data: every provider, PostgreSQL skipped (visibly) when no server is configured.</summary>
    public static IEnumerable<TheoryDataRow<DatabaseKind>> Providers()
    {
        yield return new TheoryDataRow<DatabaseKind>(DatabaseKind.Sqlite);
        var skip = PostgresServer is null && Environment.GetEnvironmentVariable(RequireAllVariable) is null
            ? $"PostgreSQL tests need {PostgresVariable} (scripts/test.sh starts a throwaway server and sets it)."
            : null;
        yield return new TheoryDataRow<DatabaseKind>(DatabaseKind.PostgreSql) { Skip = skip };
    }

    /// <summary>Theory data: PostgreSQL alone, skipped as in <see cref="Providers"/> when no server is configured.</summary>
    public static IEnumerable<TheoryDataRow<DatabaseKind>> PostgreSqlOnly() => Providers().Where(row => row.Data == DatabaseKind.PostgreSql);

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind) =>
        kind == DatabaseKind.Sqlite ? Sqlite(NewSqliteFile()) : await CreatePostgresAsync(template: null);

    private static string NewSqliteFile() => Path.Combine(Path.GetTempPath(), $"permissionsadmin-test-{Guid.NewGuid():N}.db");

    private static TestDatabase Sqlite(string file) => new(DatabaseKind.Sqlite, $"Data Source={file}", file, null);

    private static async Task<TestDatabase> CreatePostgresAsync(string? template, PostgresCopies? copies = null)
    {
        var server = PostgresServer ?? throw new InvalidOperationException(
            $"{PostgresVariable} is not set but {RequireAllVariable} asks for every test to run.");
        var name = $"pa_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            var copy = template is null ? "" : $" TEMPLATE \"{template}\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(DatabaseKind.PostgreSql, builder.ConnectionString, null, name, copies);
    }

    /// <summary>
    /// A new database holding what <paramref name="template"/> holds, which nothing may have open: on PostgreSQL
    /// <c>CREATE DATABASE … TEMPLATE</c>, on SQLite a copy of the file. Much quicker than migrating a new one.
    /// A PostgreSQL copy of <paramref name="copies"/> goes back to them when disposed, instead of being dropped.
    /// </summary>
    internal static async Task<TestDatabase> CopyAsync(TestDatabase template, PostgresCopies? copies = null)
    {
        if (template.Kind == DatabaseKind.Sqlite)
        {
            var file = NewSqliteFile();
            // A write-ahead log not yet checkpointed into the file goes along: SQLite replays it on opening.
            foreach (var suffix in new[] { "", "-wal" }.Where(s => File.Exists(template._sqliteFile + s)))
            {
                File.Copy(template._sqliteFile + suffix, file + suffix);
            }
            return Sqlite(file);
        }
        return await CreatePostgresAsync(template._postgresName, copies);
    }

    /// <summary>
    /// The change feed's table, whose ids keep rising when a database is set back to its template's rows
    /// (<see cref="RestoreAsync"/>, <see cref="PostgresCopies"/>): a running site's feed reads on from the last id it applied.
    /// </summary>
    internal const string ChangeFeedTable = "PermissionChanges";

    /// <summary>
    /// Sets <paramref name="copy"/>, a SQLite copy of <paramref name="template"/> that a running site may have open, back
    /// to the template's pages with SQLite's online backup, which is safe beside the site's open connections; false when
    /// that cannot be done (a test changed its schema, which a running site may have read, or the site is still writing).
    /// </summary>
    internal static async Task<bool> RestoreAsync(TestDatabase template, TestDatabase copy)
    {
        await using var source = new SqliteConnection(template.ConnectionString + ";Pooling=False");
        await using var target = new SqliteConnection(copy.ConnectionString);
        await source.OpenAsync();
        await target.OpenAsync();
        if (await ScalarAsync(source, "PRAGMA schema_version") != await ScalarAsync(target, "PRAGMA schema_version")) return false;
        var feedIds = await ScalarAsync(target, $"SELECT seq FROM sqlite_sequence WHERE name = '{ChangeFeedTable}'");
        try
        {
            source.BackupDatabase(target);
        }
        catch (SqliteException busy) when (busy.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY)
        {
            return false;
        }
        if (feedIds is { } last)
        {
            await ScalarAsync(target, $"""
                DELETE FROM sqlite_sequence WHERE name = '{ChangeFeedTable}';
                INSERT INTO sqlite_sequence (name, seq) VALUES ('{ChangeFeedTable}', {last});
                """);
        }
        return true;
    }

    private static async Task<long?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync() is long value ? value : null;
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Kind == DatabaseKind.Sqlite) options.UseSqlite(ConnectionString);
        else options.UseNpgsql(ConnectionString);
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public ValueTask DisposeAsync() => _copies is { } copies ? copies.PutBackAsync(this) : DropAsync();

    /// <summary>Deletes the database: at once on SQLite, behind the tests on PostgreSQL.</summary>
    internal ValueTask DropAsync()
    {
        if (_sqliteFile is not null)
        {
            ClosePooledConnections();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-startup.lock" }) File.Delete(_sqliteFile + suffix);
        }
        if (_postgresName is not null)
        {
            ClosePooledConnections(); // their server processes count towards its max_connections until the drop
            // Dropped behind the tests, one after another: a drop took seconds, which no test needs to wait for.
            var name = _postgresName;
            lock (DropsLock) _drops = _drops.ContinueWith(_ => DropAsync(name), TaskScheduler.Default).Unwrap();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Closes the idle connections of this database's pool (on SQLite the last to close writes the write-ahead log back
    /// into the file). Connections are pooled as in production: unpooled, every query of a PostgreSQL test started a
    /// server process with cold caches (about 30 ms), and every SQLite connection parsed the schema again.
    /// </summary>
    internal void ClosePooledConnections()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            using var sqlite = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(sqlite);
            return;
        }
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>Waits for the PostgreSQL databases disposed so far to be dropped (for the end of a test run).</summary>
    public static Task DroppedAsync()
    {
        lock (DropsLock) return _drops;
    }

    private static async Task DropAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
