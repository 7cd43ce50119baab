using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Groups;

/// <summary>
/// The group page's access-requests form: whether the group may be requested and on what terms, as typed. The
/// service (<see cref="AccessRequestAdministration.SetPolicyAsync(int, AccessPolicySettings?)"/>) checks the names; the page reads the length.
/// </summary>
public sealed class AccessPolicyForm
{
    public bool Requestable { get; set; }
    public string? RequestPermission { get; set; }
    public string? ApproverGroup { get; set; }
    public string? ApproverPermission { get; set; }

    /// <summary>A <see cref="ShortDuration"/> ("7d"); empty for any length, for good included.</summary>
    public string? MaxDuration { get; set; }

    public bool JustificationRequired { get; set; }
    [Range(1, AccessRequestAdministration.MaxApprovalsNeeded, ErrorMessage = "Enter a number from {1} to {2}.")]
    public int ApprovalsNeeded { get; set; } = 1;

    public static AccessPolicyForm From(AccessPolicy? policy) => policy is null ? new AccessPolicyForm() : new AccessPolicyForm
    {
        Requestable = true,
        RequestPermission = policy.RequestPermission,
        ApproverGroup = policy.ApproverGroup?.Name,
        ApproverPermission = policy.ApproverPermission,
        MaxDuration = policy.MaxDuration is { } longest ? ShortDuration.Format(longest) : null,
        JustificationRequired = policy.JustificationRequired,
        ApprovalsNeeded = policy.ApprovalsNeeded,
    };

    public AccessPolicySettings Settings(TimeSpan? maxDuration) => new()
    {
        RequestPermission = RequestPermission,
        ApproverGroup = ApproverGroup,
        ApproverPermission = ApproverPermission,
        MaxDuration = maxDuration,
        JustificationRequired = JustificationRequired,
        ApprovalsNeeded = ApprovalsNeeded,
    };
}

/// <summary>The access-requests section of the group page; <paramref name="Configured"/>: the configuration sets the policy.</summary>
internal sealed record AccessPolicyPanel(AccessPolicyForm Form, bool Configured, bool CanEdit);
