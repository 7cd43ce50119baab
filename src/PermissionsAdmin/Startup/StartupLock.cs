using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Startup;

/// <summary>
/// One startup step at a time per database, across processes: every step that writes at startup (migrations, the
/// catalogue sync, groups as code, first-run seeding) runs under this lock, so instances and CLI runs starting
/// together take turns and each finds the previous one's work done. The lock dies with the process holding it
/// (a PostgreSQL session advisory lock, a SQL Server session application lock, an OS lock on a file beside the
/// SQLite database), so a crash never leaves it taken. A wait is logged, never silent.
/// </summary>
public sealed partial class StartupLock(PermissionsDbContext db, ILogger<StartupLock> logger)
{
    /// <summary>How often a waiter tries again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a waiter says it is still waiting.</summary>
    internal static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    /// <summary>Takes the lock, waiting for whoever holds it; dispose the result to release it.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string step, CancellationToken cancellationToken = default)
    {
        var databaseLock = await CreateAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var nextReport = TimeSpan.Zero;
        while (true)
        {
            var held = await databaseLock.TryAcquireAsync(cancellationToken);
            if (held is not null)
            {
                if (nextReport > TimeSpan.Zero) LogAcquired(logger, step, clock.Elapsed);
                return held;
            }
            if (clock.Elapsed >= nextReport)
            {
                LogWaiting(logger, step, clock.Elapsed, databaseLock.Description);
                nextReport += ReportInterval;
            }
            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    private async Task<IDatabaseLock> CreateAsync(CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The startup lock needs the context's connection string.");
        return db.Database.ProviderName switch
        {
            DatabaseProviders.Npgsql => new PostgreSqlStartupLock(db.Database.GetDbConnection(), connectionString),
            DatabaseProviders.SqlServer => new SqlServerStartupLock(db.Database.GetDbConnection(), connectionString),
            DatabaseProviders.Sqlite => await SqliteStartupLock.BesideAsync(db.Database.GetDbConnection(), connectionString, cancellationToken),
            var provider => throw new NotSupportedException(
                $"PermissionsAdmin has no startup lock for the database provider '{provider}' (see docs/architecture.md, Startup)."),
        };
    }

    [LoggerMessage(1, LogLevel.Warning,
        "{Step}: waiting {Elapsed} for another process (an instance of the site or the CLI) to finish its startup step on this database; it holds {Lock}.")]
    private static partial void LogWaiting(ILogger logger, string step, TimeSpan elapsed, string @lock);

    [LoggerMessage(2, LogLevel.Information, "{Step}: went ahead after waiting {Elapsed} for another process's startup step.")]
    private static partial void LogAcquired(ILogger logger, string step, TimeSpan elapsed);
}

/// <summary>A database-wide lock that can be tried without waiting.</summary>
internal interface IDatabaseLock
{
    /// <summary>What the lock is, for an operator looking for its holder.</summary>
    string Description { get; }

    /// <summary>The held lock (dispose to release), or null when another process holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken);
}
