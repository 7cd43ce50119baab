namespace PermissionsAdmin.AccessRequests;

/// <summary>A group the current user may ask for, on its policy's terms, with their membership and request of it if any.</summary>
public sealed record RequestableGroup(
    int GroupId,
    string Name,
    TimeSpan? MaxDuration,
    bool JustificationRequired,
    IReadOnlyList<string> Permissions,
    DateTime? MemberUntil,
    int? PendingRequestId);
