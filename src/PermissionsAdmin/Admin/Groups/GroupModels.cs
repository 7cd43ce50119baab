using PermissionsAdmin.Forms;

namespace PermissionsAdmin.Admin.Groups;

internal sealed record GroupRow(int Id, string Name, int Members, int Permissions);

internal sealed record GroupListPage(string? Q, IReadOnlyList<GroupRow> Groups, int Page, bool HasNext);

/// <summary>A member of the group; <paramref name="ExpiresAt"/> (UTC) ends the membership, null for good.</summary>
internal sealed record MemberRow(int Id, string UserName, string? Email, bool IsActive, DateTime? ExpiresAt);

/// <param name="MemberNames">The add-members form's names as typed, shown back with its error.</param>
/// <param name="MembersUntil">The add-members form's end as typed (datetime-local, UTC), shown back with its error.</param>
/// <param name="AccessPolicy">Whether and how the group may be requested (an existing group only).</param>
internal sealed record GroupEditPage(
    int? Id,
    string? Name,
    GroupForm Form,
    ChooserModel Permissions,
    IReadOnlyList<MemberRow> Members,
    int MemberPage,
    bool MoreMembers,
    bool CanEdit,
    bool CanChangeMembers,
    string? MemberNames = null,
    string? MembersUntil = null,
    AccessPolicyPanel? AccessPolicy = null);

internal sealed record GroupDeletePage(int Id, string Name, int Members, IReadOnlyList<string> Permissions, int ObjectGrants);
