using Microsoft.Extensions.Logging;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Whether the database answers, as seen by this process: down from the first request answered 503 for an outage
/// (after the execution strategy's retries, if any), up again from the first command that succeeds. Each change is
/// logged once, however many requests meet it. While down, permission checks do not use the
/// <see cref="PermissionCache"/> (it cannot know whether a grant was revoked meanwhile) and every entry is dropped
/// on both changes, so nothing cached before an outage is trusted after it.
/// </summary>
public sealed partial class DatabaseHealth(PermissionCache cache, ILogger<DatabaseHealth> logger)
{
    /// <summary>What a 503 tells the client to wait before trying again (Retry-After).</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(5);

    private int _down;

    /// <summary>False from a reported outage until the database answers again.</summary>
    public bool IsAvailable => Volatile.Read(ref _down) == 0;

    /// <summary>
    /// A connection, command or commit failed for an outage (perhaps to be retried): whatever is cached may have been
    /// revoked meanwhile by a process this one cannot hear from, so it is dropped.
    /// </summary>
    internal void ReportFailure() => cache.InvalidateAll();

    /// <summary>A request is answered 503 for <paramref name="outage"/>: down until the database answers again.</summary>
    internal void ReportUnavailable(Exception outage)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0) LogUnavailable(logger, Reason(outage));
        cache.InvalidateAll();
    }

    /// <summary>The database answered a command.</summary>
    internal void ReportAnswer()
    {
        if (IsAvailable || Interlocked.Exchange(ref _down, 0) == 0) return;
        cache.InvalidateAll();
        LogAvailable(logger);
    }

    /// <summary>The provider's words, with the network's under them ("Failed to connect to …: Connection refused").</summary>
    private static string Reason(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null && messages.Count < 3; e = e.InnerException)
        {
            if (!messages.Contains(e.Message)) messages.Add(e.Message.ReplaceLineEndings(" "));
        }
        return string.Join(" → ", messages);
    }

    [LoggerMessage(1, LogLevel.Warning, "Database unavailable: {Reason}; answering 503 until it answers again.")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Database available again; answering normally.")]
    private static partial void LogAvailable(ILogger logger);
}
