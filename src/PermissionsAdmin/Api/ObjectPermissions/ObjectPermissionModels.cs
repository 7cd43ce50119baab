using PermissionsAdmin.Authorization;


namespace PermissionsAdmin.Api.ObjectPermissions;

/// <summary>
/// The grants on one object: its type (<c>app.model</c>), id and name, the permissions of its type with whether the
/// caller may grant or remove each on it, the permissions granted to anyone (visitors included; no effect while such
/// grants are switched off), and the first page of the users and of the groups holding grants on it (the rest from
/// …/users and …/groups with the page's nextCursor).
/// </summary>
internal sealed record ObjectPermissionsResponse(
    string Type,
    int Id,
    string Name,
    IReadOnlyList<ObjectPermissionOption> Permissions,
    IReadOnlyList<string> Anyone,
    Page<ObjectGrantHolder> Users,
    Page<ObjectGrantHolder> Groups);

/// <param name="Permission">As <c>app.codename</c>.</param>
/// <param name="Name">Its label, e.g. "Can change post".</param>
/// <param name="MayGrant">The caller holds it on this object, so may grant and remove it here.</param>
internal sealed record ObjectPermissionOption(string Permission, string Name, bool MayGrant);

/// <summary>
/// A permission of the object's type to grant on it, to a user (<c>userId</c>), a group (<c>groupId</c>) or anyone
/// (<c>anyone: true</c>, the view permission only).
/// </summary>
internal sealed record GrantObjectPermissionRequest(string? Permission, int? UserId, int? GroupId, bool? Anyone);
