using PermissionsAdmin.AccessRequests;

namespace PermissionsAdmin.Admin.AccessRequests;

/// <summary>
/// The requests waiting for the staff user, as the service gives them (<see cref="AccessRequestAdministration.PendingAsync"/>);
/// after a refused decision, the request it was for and the comment as typed, shown again with its error.
/// </summary>
internal sealed record AccessRequestListPage(IReadOnlyList<PendingAccessRequest> Requests, int? PostedId = null, string? PostedComment = null);
