namespace PermissionsAdmin.ChangeFeed;

/// <summary>How a site tails the permission change feed: the <c>PermissionsAdmin:ChangeFeed</c> configuration section.</summary>
public sealed class ChangeFeedOptions
{
    public const string SectionName = "PermissionsAdmin:ChangeFeed";

    /// <summary>
    /// Whether this site reads the feed. Off when another channel tells it of every change (PostgreSQL scale-out's
    /// NOTIFY listener): the feed then only deletes old rows, so a change is not dropped from the cache twice.
    /// </summary>
    public bool ReadChanges { get; set; } = true;

    /// <summary>
    /// How often the feed is read: the longest a change committed by another process waits before this site drops
    /// what it cached, plus one query. Each read is one indexed query that returns nothing at rest.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>While the feed cannot be read, retries wait this long at most (doubling from <see cref="PollInterval"/>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a missing id below newer ones is waited for. On databases that hand out ids before commit
    /// (PostgreSQL, SQL Server) a writer's row can appear after a later one; ids of rolled-back writes never appear.
    /// SQLite commits one writer at a time, so it has no such gaps.
    /// </summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows older than this are deleted by the sites that read them (once a minute).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);
}
