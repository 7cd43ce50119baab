namespace PermissionsAdmin.AccessRequests;

/// <summary>
/// A group's request policy as the configuration, the admin and the API state it: approvers by group name and/or
/// permission (at least one), durations as <see cref="TimeSpan"/>.
/// </summary>
public sealed record AccessPolicySettings
{
    /// <summary>The permission needed to ask; null or empty: everyone signed in.</summary>
    public string? RequestPermission { get; init; }

    public string? ApproverGroup { get; init; }
    public string? ApproverPermission { get; init; }

    /// <summary>The longest duration a request may ask for; null: any, for good included.</summary>
    public TimeSpan? MaxDuration { get; init; }

    public bool JustificationRequired { get; init; }
    public int ApprovalsNeeded { get; init; } = 1;
}
