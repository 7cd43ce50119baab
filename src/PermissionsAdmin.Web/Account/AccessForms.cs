using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Web.Account;

/// <summary>A request for one group, as the access page posts it (fields prefixed "Form.").</summary>
public sealed class AccessRequestForm
{
    public int GroupId { get; set; }
    public string? Justification { get; set; }

    /// <summary>One of <see cref="RequestDurations.For"/>'s values.</summary>
    public string? Duration { get; set; }
}

/// <summary>A group the user may ask for, with its form: the one posted (and its errors) or a blank one.</summary>
public sealed record RequestableGroupForm(RequestableGroup Group, AccessRequestForm Form, bool Posted);

/// <summary>
/// The access page: the user's notices (those unread until this page are marked new), the groups they may ask for,
/// and their requests; <see cref="Now"/> is the app's clock, which tells a membership that ended from one that runs.
/// </summary>
public sealed record AccessPage(
    IReadOnlyList<Notice> Notices,
    IReadOnlyList<RequestableGroupForm> Groups,
    IReadOnlyList<AccessRequest> Requests,
    DateTime Now);
