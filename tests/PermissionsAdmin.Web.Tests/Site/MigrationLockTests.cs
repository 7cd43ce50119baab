using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Testing;
using PermissionsAdmin.Web.Tests.Support;

namespace PermissionsAdmin.Web.Tests.Site;

/// <summary>
/// A process killed while migrating a SQLite database leaves EF Core's lock row in <c>__EFMigrationsLock</c>, which
/// EF waits on forever; the startup lock makes it recognisably stale, so the site and the CLI start anyway.
/// </summary>
public sealed class MigrationLockTests
{
    /// <summary>Far above a start on this machine (about a second), far below "forever".</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const string Removed = "Removed EF Core's migration lock taken at";

    [Fact]
    public async Task A_lock_row_left_on_a_fresh_database_file_does_not_stop_the_site_or_the_cli()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        // As a process killed just after creating the file and taking EF's lock leaves it.
        await LeaveLockRowAsync(db);

        var logs = new CapturedLogs();
        await using (var site = TestSite.Build(db, configure: builder => builder.Logging.AddProvider(logs)))
        {
            await site.StartUpAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        }
        Assert.Contains(logs.At(LogLevel.Warning), m => m.StartsWith(Removed, StringComparison.Ordinal));

        // As a process killed during a later restart's migration leaves it.
        await LeaveLockRowAsync(db);
        var cli = await Manage.RunAsync(db, "migrate").WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(0L, await ScalarAsync(db, """SELECT COUNT(*) FROM "__EFMigrationsLock" """));
    }

    [Fact]
    public async Task Waiting_for_another_process_s_startup_is_logged_and_ends_when_it_is_done()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await Manage.SucceedAsync(db, "migrate");
        var logs = new CapturedLogs();
        await using var site = TestSite.Build(db, configure: builder => builder.Logging.AddProvider(logs));
        Task started;
        // Another process in the middle of its startup step holds the lock beside the database.
        await using (new FileStream(SqliteFile(db) + "-startup.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            started = site.StartUpAsync(TestContext.Current.CancellationToken);
            await ScaleOut.ScaleOutCluster.WaitUntilAsync(
                () => logs.At(LogLevel.Warning).Any(m => m.Contains("waiting", StringComparison.Ordinal)), Bound, "the wait to be logged");
            Assert.False(started.IsCompleted);
        }
        await started.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Contains(logs.At(LogLevel.Warning), m => m.StartsWith("Migrations: waiting", StringComparison.Ordinal) && m.Contains("-startup.lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_cli_is_killed_while_migrating_the_site_starts()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var killedHoldingTheLock = false;
        for (var attempt = 0; attempt < 5 && !killedHoldingTheLock; attempt++)
        {
            File.Delete(SqliteFile(db));
            killedHoldingTheLock = await KillWhileMigratingAsync(db);
        }
        Assert.True(killedHoldingTheLock, "The CLI never was caught holding EF Core's migration lock.");

        await using var site = TestSite.Build(db);
        await site.StartUpAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(0L, await ScalarAsync(db, """SELECT COUNT(*) FROM "__EFMigrationsLock" """));
    }

    /// <summary>Runs the real CLI's <c>migrate</c> in its own process and kills it (SIGKILL) while EF's lock row exists.</summary>
    private static async Task<bool> KillWhileMigratingAsync(TestDatabase db)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "PermissionsAdmin.Web.dll"), "migrate"])
        {
            WorkingDirectory = TestSite.ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Database__Provider"] = db.ProviderName, ["ConnectionStrings__Default"] = db.ConnectionString },
        };
        using var process = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < Bound)
        {
            if (File.Exists(SqliteFile(db)) && await LockRowsAsync(db) > 0)
            {
                process.Kill();
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
                return await LockRowsAsync(db) > 0;
            }
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
        if (!process.HasExited) process.Kill();
        return false;
    }

    private static async Task<long> LockRowsAsync(TestDatabase db)
    {
        try
        {
            return await ScalarAsync(db, """SELECT COUNT(*) FROM "__EFMigrationsLock" """);
        }
        catch (SqliteException)
        {
            return 0; // no lock table yet, or the migration holds the database for a moment
        }
    }

    private static Task LeaveLockRowAsync(TestDatabase db) => ScalarAsync(db, """
        CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
        INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-12-05 09:30:00.1234567+00:00');
        SELECT 0;
        """);

    private static async Task<long> ScalarAsync(TestDatabase db, string sql)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string SqliteFile(TestDatabase db) => new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
}
