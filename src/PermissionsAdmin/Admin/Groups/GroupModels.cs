using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Admin.Groups;

public sealed record GroupRow(int Id, string Name, int Members, int Permissions);

public sealed record GroupListPage(string? Q, IReadOnlyList<GroupRow> Groups, int Page, bool HasNext);

public sealed class GroupForm
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(150, ErrorMessage = "Keep the name to {1} characters or fewer.")]
    [PlainText("name")]
    public string? Name { get; set; }

    public List<int>? PermissionIds { get; set; }

    /// <summary>The group's concurrency stamp when the form was opened (edit only).</summary>
    public string? ConcurrencyStamp { get; set; }
}

public sealed record MemberRow(int Id, string UserName, string? Email, bool IsActive);

public sealed record GroupEditPage(
    int? Id,
    string? Name,
    GroupForm Form,
    ChooserModel Permissions,
    IReadOnlyList<MemberRow> Members,
    int MemberPage,
    bool MoreMembers,
    bool CanEdit,
    bool CanChangeMembers,
    string? MemberNames = null);

public sealed record GroupDeletePage(int Id, string Name, int Members, IReadOnlyList<string> Permissions, int ObjectGrants);
