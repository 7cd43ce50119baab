using PermissionsAdmin.Model;

namespace PermissionsAdmin.AccessRequests;

/// <summary>
/// An undecided request as an approver sees it: what the requester would gain beyond what they hold, how the group
/// changed since the request, and whether this approver may decide it (and why not).
/// </summary>
public sealed record PendingAccessRequest(
    AccessRequest Request,
    string UserName,
    string GroupName,
    int ApprovalsNeeded,
    IReadOnlyList<string> Gains,
    IReadOnlyList<string> AddedSinceRequest,
    IReadOnlyList<string> RemovedSinceRequest,
    IReadOnlyList<string> CurrentPermissions,
    string? CannotApprove)
{
    public bool GroupChanged => AddedSinceRequest.Count + RemovedSinceRequest.Count > 0;
}
