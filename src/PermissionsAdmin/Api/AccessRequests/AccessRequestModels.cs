using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Api.AccessRequests;

internal sealed record AccessRequestGroup(int Id, string Name);

internal sealed record AccessRequestUser(int Id, string UserName);

/// <summary>One of the caller's requests and its decision.</summary>
/// <param name="Status">pending, approved, denied, withdrawn or expired.</param>
/// <param name="Duration">How long the membership lasts from its approval (30m, 8h, 7d); null for good.</param>
/// <param name="DecidedBy">Who decided it; null while pending, and when the caller withdrew it or it expired.</param>
/// <param name="GrantedUntil">When the membership the approval gave ends; null for good or when not approved.</param>
/// <param name="Ended">Approved, and the membership it gave has ended.</param>
internal sealed record MyAccessRequest(
    int Id, AccessRequestGroup Group, string Status, string Justification, string? Duration, DateTimeOffset RequestedAt,
    DateTimeOffset? DecidedAt, string? DecidedBy, string? Comment, DateTimeOffset? GrantedUntil, bool Ended)
{
    internal static MyAccessRequest Of(AccessRequest request, DateTime now) => new(
        request.Id, new AccessRequestGroup(request.GroupId, request.Group.Name!), AccessRequestApi.Status(request.Status),
        request.Justification, AccessRequestApi.Duration(request.Duration), StoredTimes.Utc(request.RequestedAt),
        StoredTimes.Utc(request.DecidedAt), request.DecidedByName, request.DecisionComment, StoredTimes.Utc(request.GrantedUntil),
        request.Status == AccessRequestStatus.Approved && request.GrantedUntil <= now);
}

/// <summary>A new request for a group.</summary>
/// <param name="GroupId">One of GET /me/requestable-groups.</param>
/// <param name="Justification">Why the caller needs it; required when the group's policy says so.</param>
/// <param name="Duration">How long, from its approval: 30m, 8h or 7d; null or left out for good (if the policy allows).</param>
internal sealed record CreateAccessRequest(int? GroupId, string? Justification, string? Duration);

/// <summary>A group the caller may ask for, on its policy's terms.</summary>
/// <param name="MaxDuration">The longest duration a request may ask for; null: any, for good included.</param>
/// <param name="Permissions">What the group grants its members.</param>
/// <param name="MemberUntil">When the caller's membership of it ends, when they hold one that ends.</param>
/// <param name="PendingRequestId">The caller's undecided request for it, if any.</param>
internal sealed record RequestableGroupResponse(
    int Id, string Name, string? MaxDuration, bool JustificationRequired, IReadOnlyList<string> Permissions,
    DateTimeOffset? MemberUntil, int? PendingRequestId)
{
    internal static RequestableGroupResponse Of(RequestableGroup group) => new(
        group.GroupId, group.Name, AccessRequestApi.Duration(group.MaxDuration), group.JustificationRequired, group.Permissions,
        StoredTimes.Utc(group.MemberUntil), group.PendingRequestId);
}

/// <summary>An undecided request as one of its approvers sees it.</summary>
/// <param name="ApprovedBy">Who approved it so far, when it needs more than one approval.</param>
/// <param name="Gains">The group's permissions the requester does not hold yet.</param>
/// <param name="AddedSinceRequest">Permissions the group gained since the request: approving needs groupPermissions then.</param>
/// <param name="RemovedSinceRequest">Permissions the group lost since the request.</param>
/// <param name="GroupPermissions">The group's permissions now: send them back as groupPermissions to approve a changed group.</param>
/// <param name="CannotApprove">Why the caller may not approve it; null when they may.</param>
internal sealed record PendingAccessRequestResponse(
    int Id, AccessRequestUser User, AccessRequestGroup Group, string Justification, string? Duration, DateTimeOffset RequestedAt,
    int ApprovalsNeeded, IReadOnlyList<string> ApprovedBy, IReadOnlyList<string> Gains, IReadOnlyList<string> AddedSinceRequest,
    IReadOnlyList<string> RemovedSinceRequest, IReadOnlyList<string> GroupPermissions, string? CannotApprove)
{
    internal static PendingAccessRequestResponse Of(PendingAccessRequest pending)
    {
        var request = pending.Request;
        return new(request.Id, new AccessRequestUser(request.UserId, pending.UserName), new AccessRequestGroup(request.GroupId, pending.GroupName),
            request.Justification, AccessRequestApi.Duration(request.Duration), StoredTimes.Utc(request.RequestedAt), pending.ApprovalsNeeded,
            request.Approvals.OrderBy(a => a.At).Select(a => a.ApproverName).ToList(), pending.Gains, pending.AddedSinceRequest,
            pending.RemovedSinceRequest, pending.CurrentPermissions, pending.CannotApprove);
    }
}

/// <param name="GroupPermissions">
/// The group's permissions as the approver saw them (groupPermissions of GET /access-requests). Needed only when the
/// group changed since the request: the approval is then refused (409) unless they are the group's permissions now.
/// </param>
internal sealed record ApproveAccessRequest(string? Comment, IReadOnlyList<string>? GroupPermissions);

internal sealed record DenyAccessRequest(string? Comment);

/// <summary>Who may ask for the group, who approves, for how long and on what terms.</summary>
/// <param name="RequestPermission">The permission needed to ask; null: everyone signed in.</param>
/// <param name="ApproverGroup">Members of this group approve (by name).</param>
/// <param name="ApproverPermission">Holders of this permission approve.</param>
/// <param name="MaxDuration">The longest duration a request may ask for (30m, 8h, 7d); null: any, for good included.</param>
/// <param name="Configured">Set by the site's configuration: only a superuser changes it.</param>
internal sealed record AccessPolicyResponse(
    int GroupId, string? RequestPermission, string? ApproverGroup, string? ApproverPermission, string? MaxDuration,
    bool JustificationRequired, int ApprovalsNeeded, bool Configured)
{
    internal static AccessPolicyResponse Of(AccessPolicy policy) => new(
        policy.GroupId, policy.RequestPermission, policy.ApproverGroup?.Name, policy.ApproverPermission,
        AccessRequestApi.Duration(policy.MaxDuration), policy.JustificationRequired, policy.ApprovalsNeeded, policy.Configured);
}

/// <summary>The complete policy: what is left out takes its default (no request permission, no limit, one approval).</summary>
/// <param name="ApproverGroup">Members of this group approve (by name); give it, approverPermission, or both.</param>
/// <param name="MaxDuration">The longest duration a request may ask for: 30m, 8h or 7d; null for any, for good included.</param>
/// <param name="ApprovalsNeeded">How many different approvers must say yes (1 when left out); one denial decides.</param>
internal sealed record SetAccessPolicyRequest(
    string? RequestPermission, string? ApproverGroup, string? ApproverPermission, string? MaxDuration, bool? JustificationRequired,
    int? ApprovalsNeeded);
