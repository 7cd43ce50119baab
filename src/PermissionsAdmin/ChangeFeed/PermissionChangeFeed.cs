using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.ChangeFeed;

/// <summary>
/// Keeps this process's <see cref="PermissionCache"/> in step with changes committed by any process, on any
/// provider: reads the <see cref="PermissionChange"/> rows that database triggers append, every
/// <see cref="ChangeFeedOptions.PollInterval"/>, and drops the cached entries they name. While the feed cannot be
/// read the cache is suspended (every check reads the database); it resumes, empty, after the next good read.
/// Ids are applied as they appear, so a writer that commits after a later one is not lost: a missing id is waited
/// for up to <see cref="ChangeFeedOptions.GapTimeout"/>.
/// </summary>
public sealed partial class PermissionChangeFeed(
    IServiceScopeFactory scopes,
    PermissionCache cache,
    IOptions<ChangeFeedOptions> options,
    ILogger<PermissionChangeFeed> logger,
    TimeProvider clock) : BackgroundService
{
    /// <summary>
    /// Every command of the feed carries this tag (an SQL comment), so that it can be told apart in the database's
    /// logs, and by counters of what requests cost.
    /// </summary>
    public const string QueryTag = ChangeFeedCommands.QueryTag;

    /// <summary>True for a command the feed sent (EF Core writes the tag as the command's first line).</summary>
    public static bool IsFeedCommand(DbCommand command) => ChangeFeedCommands.IsFeedCommand(command);

    /// <summary>More rows than this in one read is a bulk change: dropping the whole cache is cheaper.</summary>
    private const int BatchSize = 1000;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly ChangeFeedOptions _options = options.Value;
    private readonly SortedSet<long> _appliedAboveCursor = [];
    private long _cursor = -1; // every id up to here is applied; -1 until the first read
    private long _gapBelow;
    private DateTime _gapSince;
    private DateTime _lastRead;
    private DateTime _lastPrune;
    private bool _suspended;
    private long _lastAppliedId;
    private AsyncServiceScope? _scope;
    private IQueryable<PermissionChange>? _changes;

    /// <summary>
    /// The highest id of the feed this process has applied to its cache (0 before any): a change another process
    /// committed is in effect here once this reaches the row the change appended.
    /// </summary>
    public long LastAppliedId => Interlocked.Read(ref _lastAppliedId);

    /// <summary>True while the feed is read and the cache in use.</summary>
    public bool IsReading => _cursor >= 0 && !_suspended;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first read before the site serves anything, so a started site is fresh from its first request.
        if (_options.ReadChanges) await ReadOrSuspendAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_options.ReadChanges) await ReadEveryPollAsync(stoppingToken);
            else await PruneEveryMinuteAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await CloseAsync();
        }
    }

    private async Task ReadEveryPollAsync(CancellationToken stoppingToken)
    {
        var delay = _options.PollInterval;
        while (true)
        {
            await Task.Delay(delay, clock, stoppingToken);
            var (read, more) = await ReadOrSuspendAsync(stoppingToken);
            delay = !read ? TimeSpan.FromTicks(Math.Clamp(delay.Ticks * 2, _options.PollInterval.Ticks, _options.MaxRetryDelay.Ticks))
                : more ? TimeSpan.Zero
                : _options.PollInterval;
        }
    }

    /// <summary>Another channel reads the changes (<see cref="ChangeFeedOptions.ReadChanges"/> off): only keep the table short.</summary>
    private async Task PruneEveryMinuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            await Task.Delay(PruneInterval, clock, stoppingToken);
            try
            {
                await PruneAsync(await ChangesAsync(stoppingToken), clock.GetUtcNow().UtcDateTime - _options.Retention, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPruneFailed(logger, e);
                await CloseAsync();
            }
        }
    }

    /// <summary>
    /// The feed's one connection, opened on first use and kept: cheaper than one per read, and on SQLite it keeps the
    /// write-ahead log in place instead of every read's close checkpointing it under other connections.
    /// </summary>
    private async Task<IQueryable<PermissionChange>> ChangesAsync(CancellationToken cancellationToken)
    {
        if (_changes is not null) return _changes;
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<PermissionsDbContext>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            _scope = scope;
            return _changes = db.PermissionChanges.AsNoTracking().TagWith(QueryTag);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task CloseAsync()
    {
        if (_scope is not { } scope) return;
        _scope = null;
        _changes = null;
        await scope.DisposeAsync();
    }

    private async Task<(bool Read, bool More)> ReadOrSuspendAsync(CancellationToken cancellationToken)
    {
        try
        {
            var more = await ReadAsync(cancellationToken);
            if (_suspended)
            {
                _suspended = false;
                cache.Resume(this);
                LogResumed(logger);
            }
            return (true, more);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (false, false);
        }
        catch (Exception e)
        {
            await CloseAsync(); // the next read starts on a new connection
            if (!_suspended)
            {
                _suspended = true;
                cache.Suspend(this);
                LogUnreadable(logger, e);
            }
            return (false, false);
        }
    }

    /// <summary>Applies what was appended since the last read; true when there may be more to read at once.</summary>
    private async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var changes = await ChangesAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cursor < 0 || now - _lastRead > _options.Retention / 2)
        {
            // Start (or start over after a stall long enough for unread rows to be pruned) just below the rows a
            // writer still in flight could add, and forget everything cached before.
            var settled = now - _options.GapTimeout;
            _cursor = await changes.Where(c => c.ChangedAt < settled).MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
            _appliedAboveCursor.Clear();
            _gapBelow = 0;
            _lastPrune = now;
            cache.InvalidateAll();
        }

        var rows = await changes.Where(c => c.Id > _cursor).OrderBy(c => c.Id).Take(BatchSize)
            .Select(c => new { c.Id, c.UserId }).ToListAsync(cancellationToken);
        var bulk = rows.Count == BatchSize;
        if (bulk) cache.InvalidateAll();
        foreach (var row in rows)
        {
            if (!_appliedAboveCursor.Add(row.Id)) continue;
            if (!bulk)
            {
                if (row.UserId is { } userId) cache.Invalidate(userId);
                else cache.InvalidateAll();
            }
            if (row.Id > LastAppliedId) Interlocked.Exchange(ref _lastAppliedId, row.Id);
        }
        AdvanceCursor(now);
        _lastRead = now;

        if (now - _lastPrune >= PruneInterval)
        {
            _lastPrune = now;
            await PruneAsync(changes, now - _options.Retention, cancellationToken);
        }
        return bulk;
    }

    /// <summary>Moves the cursor over applied ids, and over missing ones once they are overdue (never committed).</summary>
    private void AdvanceCursor(DateTime now)
    {
        while (_appliedAboveCursor.Count > 0)
        {
            var lowest = _appliedAboveCursor.Min;
            if (lowest == _cursor + 1 || (_gapBelow == lowest && now - _gapSince >= _options.GapTimeout))
            {
                _appliedAboveCursor.Remove(lowest);
                _cursor = lowest;
                continue;
            }
            if (_gapBelow != lowest)
            {
                _gapBelow = lowest;
                _gapSince = now;
            }
            return;
        }
    }

    private async Task PruneAsync(IQueryable<PermissionChange> changes, DateTime olderThan, CancellationToken cancellationToken)
    {
        try
        {
            // A read first: a DELETE takes the write lock even when it deletes nothing, and on SQLite that lock,
            // taken every minute, would make a request's read-then-write transaction fail.
            var old = changes.Where(c => c.ChangedAt < olderThan);
            if (await old.AnyAsync(cancellationToken)) await old.ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another writer held the database: old rows wait for the next minute, and reading is unaffected.
            LogPruneFailed(logger, e);
        }
    }

    [LoggerMessage(1, LogLevel.Warning,
        "Could not read the permission change feed; permission cache suspended (every check reads the database) until it can.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Reading the permission change feed again; permission cache resumed.")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(3, LogLevel.Debug, "Could not prune the permission change feed; trying again in a minute.")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
