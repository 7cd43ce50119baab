using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PermissionsAdmin.Authorization;

namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// Keeps this instance's <see cref="PermissionCache"/> in step with changes committed by any other process: a
/// dedicated connection <c>LISTEN</c>s on <see cref="PermissionChangeNotifications.Channel"/> and each notification
/// drops the entries it names. Whenever that connection is not listening — before the first <c>LISTEN</c>, after
/// any error, while reconnecting, after shutdown — the cache is suspended, so every check reads the database and no
/// answer can be stale. After <c>LISTEN</c> succeeds the cache resumes empty: whatever changed while nobody
/// listened is read afresh.
/// </summary>
internal sealed partial class PermissionChangeListener : BackgroundService
{
    private readonly PermissionCache _cache;
    private readonly ScaleOutOptions _options;
    private readonly ILogger<PermissionChangeListener> _logger;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private long _notifications;
    private long _subscriptions;
    private int _backendProcessId;
    private volatile bool _listening;

    public PermissionChangeListener(
        PermissionCache cache, IOptions<ScaleOutOptions> options, ILogger<PermissionChangeListener> logger, TimeProvider time)
    {
        _cache = cache;
        _options = options.Value;
        _logger = logger;
        _time = time;
        var connectionString = _options.ConnectionString
            ?? throw new InvalidOperationException("ScaleOutOptions.ConnectionString is not set; use AddPermissionsAdminScaleOut.");
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = _options.ListenerApplicationName
                ?? $"PermissionsAdmin listener {Environment.MachineName} {Environment.ProcessId}",
            // A connection of its own: never shared, never returned to a pool still listening.
            Pooling = false,
            Multiplexing = false,
            Enlist = false,
            // A heartbeat that times out breaks the connection at once instead of waiting for the cancellation.
            CancellationTimeout = -1,
            TcpKeepAlive = true,
        }.ConnectionString;
        _cache.Suspend(typeof(PermissionChangeListener));
    }

    /// <summary>True while the connection is listening and the cache is in use.</summary>
    public bool IsListening => _listening;

    /// <summary>How many notifications have been processed (their cache entries dropped) since startup.</summary>
    public long NotificationsProcessed => Interlocked.Read(ref _notifications);

    /// <summary>How many times a <c>LISTEN</c> has succeeded: 1 after startup, one more after each reconnection.</summary>
    public long Subscriptions => Interlocked.Read(ref _subscriptions);

    /// <summary>The PostgreSQL backend process id of the listening connection, or null while not listening.</summary>
    public int? BackendProcessId => _listening && Volatile.Read(ref _backendProcessId) is var pid and not 0 ? pid : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = _options.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var subscribed = false;
            try
            {
                await ListenAsync(() => subscribed = true, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Disconnected();
                if (subscribed) delay = _options.ReconnectDelay;
                if (subscribed) LogConnectionLost(_logger, e, delay);
                else LogConnectFailed(_logger, e, delay);
            }
            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
        Disconnected();
        LogStopped(_logger);
    }

    private async Task ListenAsync(Action onSubscribed, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        connection.Notification += OnNotification;
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {PermissionChangeNotifications.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // From here on every commit is announced to this connection; everything committed before is visible to
        // the next read. So start caching again from empty.
        Volatile.Write(ref _backendProcessId, connection.ProcessID);
        _cache.Resume(typeof(PermissionChangeListener));
        LogListening(_logger, PermissionChangeNotifications.Channel, connection.ProcessID);
        Interlocked.Increment(ref _subscriptions);
        _listening = true;
        onSubscribed();

        while (true)
        {
            if (await connection.WaitAsync(_options.HeartbeatInterval, stoppingToken)) continue;
            // Quiet for a while: prove the connection alive, or fail (and suspend) within the timeout.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_options.HeartbeatTimeout);
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            try
            {
                await ping.ExecuteScalarAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The listening connection did not answer a heartbeat within {_options.HeartbeatTimeout}.");
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (int.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            _cache.Invalidate(userId);
        }
        else
        {
            // "*", or anything unexpected: drop everything rather than guess.
            _cache.InvalidateAll();
        }
        Interlocked.Increment(ref _notifications);
        LogNotification(_logger, e.Payload);
    }

    private void Disconnected()
    {
        try
        {
            _cache.Suspend(typeof(PermissionChangeListener));
        }
        catch (ObjectDisposedException)
        {
            // The host is being disposed without having been stopped: nothing is served any more.
        }
        _listening = false;
        Volatile.Write(ref _backendProcessId, 0);
    }

    [LoggerMessage(1, LogLevel.Information,
        "Listening for permission changes on '{Channel}' (backend {ProcessId}); permission cache resumed.")]
    private static partial void LogListening(ILogger logger, string channel, int processId);

    [LoggerMessage(2, LogLevel.Warning,
        "Lost the permission change listener's connection; permission cache suspended (every check reads the database). Reconnecting in {Delay}.")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Warning,
        "Could not listen for permission changes; permission cache stays suspended (every check reads the database). Retrying in {Delay}.")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "Permission change listener stopped; permission cache suspended.")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(5, LogLevel.Debug, "Permission change notification '{Payload}' processed.")]
    private static partial void LogNotification(ILogger logger, string payload);
}
