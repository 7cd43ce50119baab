namespace PermissionsAdmin.Model;

/// <summary>
/// A user's request to join a group, for good or for <see cref="Duration"/>, and its decision. No permissions of its
/// own: its group's policy says who asks and who decides.
/// </summary>
[DefaultPermissions(DefaultPermissions.None)]
public class AccessRequest
{
    public const int MaxJustificationLength = 1000;
    public const int MaxCommentLength = 1000;

    public int Id { get; set; }
    public int UserId { get; set; }
    public PermissionsUser User { get; set; } = null!;
    public int GroupId { get; set; }
    public PermissionsGroup Group { get; set; } = null!;
    public string Justification { get; set; } = "";

    /// <summary>How long the membership should last from its approval; null for good.</summary>
    public TimeSpan? Duration { get; set; }

    public AccessRequestStatus Status { get; set; }
    public DateTime RequestedAt { get; set; }

    /// <summary>
    /// The group's permissions when it was asked for, sorted and space-separated: an approver is shown what changed
    /// since, and approves the group as it is now.
    /// </summary>
    public string GroupPermissions { get; set; } = "";

    public DateTime? DecidedAt { get; set; }
    public int? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public string? DecisionComment { get; set; }

    /// <summary>When the membership the approval gave ends (UTC); null for good.</summary>
    public DateTime? GrantedUntil { get; set; }

    /// <summary>When the approvers were reminded of it, undecided; they are reminded once.</summary>
    public DateTime? RemindedAt { get; set; }

    /// <summary>Bumped by every approval and decision: of two approvers acting at once, the second is refused.</summary>
    public int Version { get; set; }

    public ICollection<AccessRequestApproval> Approvals { get; } = new List<AccessRequestApproval>();
}
