namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// Several instances on one PostgreSQL database, each told of the others' changes at once: bound from the <c>PermissionsAdmin:ScaleOut</c> configuration
/// section by <see cref="ScaleOutServiceCollectionExtensions.AddPermissionsAdminScaleOut"/>.
/// </summary>
public sealed class ScaleOutOptions
{
    public const string SectionName = "PermissionsAdmin:ScaleOut";

    /// <summary>Read by the site to decide whether to call <c>AddPermissionsAdminScaleOut</c>; the library itself ignores it.</summary>
    public bool Enabled { get; set; }

    /// <summary>The database to listen on; set by <c>AddPermissionsAdminScaleOut</c> from its argument.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The listening connection's <c>application_name</c>, to find it in <c>pg_stat_activity</c>. Defaults to
    /// "PermissionsAdmin listener" followed by the machine name and process id.
    /// </summary>
    public string? ListenerApplicationName { get; set; }

    /// <summary>
    /// After this long without a notification the listener proves its connection alive with a round trip
    /// (<c>SELECT 1</c>). Bounds, with <see cref="HeartbeatTimeout"/>, how long a connection that died silently
    /// (no reset, no error: a network partition) goes unnoticed.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A heartbeat unanswered for this long counts as a lost connection.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait before the first reconnection attempt; doubled after each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);
}
