namespace PermissionsAdmin.AccessRequests;

/// <summary>Options bound from <c>PermissionsAdmin:AccessRequests</c>.</summary>
public sealed class AccessRequestOptions
{
    public const string SectionName = PermissionsAdminOptions.SectionName + ":AccessRequests";

    /// <summary>Requestable groups as code: group name → its policy, applied at startup (created, or set back to this).</summary>
    public Dictionary<string, AccessPolicySettings> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A request undecided this long reminds its approvers, once.</summary>
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A request undecided this long expires; null: it waits for a decision.</summary>
    public TimeSpan? ExpireUndecidedAfter { get; set; }

    /// <summary>How often undecided requests are looked at for reminders and expiry.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
