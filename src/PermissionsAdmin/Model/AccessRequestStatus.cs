namespace PermissionsAdmin.Model;

/// <summary>Where a request stands. An approved one whose membership has ended is shown as ended, with no job to mark it.</summary>
public enum AccessRequestStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
    Withdrawn = 3,
    /// <summary>Left undecided for longer than <c>AccessRequestOptions.ExpireUndecidedAfter</c>.</summary>
    Expired = 4,
}
