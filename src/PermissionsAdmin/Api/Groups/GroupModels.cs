namespace PermissionsAdmin.Api.Groups;

/// <summary>A group in the list, with how many members and permissions it has.</summary>
internal sealed record GroupSummary(int Id, string Name, int Members, int Permissions);

/// <summary>A group: its permissions as <c>app.codename</c> and how many members it has (GET …/members lists them).</summary>
internal sealed record GroupResponse(int Id, string Name, IReadOnlyList<string> Permissions, int Members);

/// <summary>A new group with the permissions it grants its members, as <c>app.codename</c>.</summary>
internal sealed record CreateGroupRequest(string? Name, IReadOnlyList<string>? Permissions);

internal sealed record RenameGroupRequest(string? Name);

/// <summary>The permissions a group grants its members, as <c>app.codename</c>.</summary>
internal sealed record GroupPermissions(IReadOnlyList<string> Permissions);

/// <summary>The complete set of permissions the group should grant, as <c>app.codename</c>.</summary>
internal sealed record ReplaceGroupPermissionsRequest(IReadOnlyList<string>? Permissions);

/// <summary>One permission to add to the group, as <c>app.codename</c>.</summary>
internal sealed record GrantGroupPermissionRequest(string? Permission);

/// <param name="ExpiresAt">When the user's membership ends; null for good.</param>
internal sealed record GroupMember(int Id, string UserName, string? Email, bool IsActive, DateTimeOffset? ExpiresAt);

/// <summary>The complete set of members the group should have, by user id.</summary>
internal sealed record ReplaceGroupMembersRequest(IReadOnlyList<int>? UserIds);

/// <param name="ExpiresAt">
/// When the membership ends, ISO 8601 with its offset (e.g. 2026-12-31T18:00:00Z); left out, for good. For a member
/// already in the group, it sets when that membership ends.
/// </param>
internal sealed record AddGroupMemberRequest(int? UserId, string? ExpiresAt);
