using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Admin.Objects;

/// <summary>An object the admin manages permissions of: its content type, key, entity and name.</summary>
internal sealed record AdminObject(ContentTypeDefinition Type, int Id, object Entity, string Name)
{
    public string TypeName => $"{Type.AppLabel}.{Type.Model}";
}

/// <summary>A permission of the object's type, and whether the signed-in user may grant or revoke it on the object.</summary>
internal sealed record ObjectPermissionChoice(string FullName, string Name, bool MayGrant);

/// <summary>The add-a-grant form: to a user or a group by name, or to anyone (<see cref="Kind"/> "user", "group" or "anyone").</summary>
public sealed class GrantForm
{
    public const string User = "user", Group = "group", Anyone = "anyone";

    public string? Kind { get; set; } = User;
    public string? Name { get; set; }
    public string? Permission { get; set; }
}

/// <summary>/admin/objects/{app}/{model}/{id}: who holds which permission on one object, a page of each at a time.</summary>
internal sealed record ObjectPermissionsPage(
    AdminObject Object,
    IReadOnlyList<ObjectGrantHolder> Users,
    int UserPage,
    bool MoreUsers,
    IReadOnlyList<ObjectGrantHolder> Groups,
    int GroupPage,
    bool MoreGroups,
    IReadOnlyList<string> Anyone,
    bool AnyoneSwitchedOn,
    IReadOnlyList<ObjectPermissionChoice> Permissions,
    GrantForm Form)
{
    public string PermissionName(string fullName) => Permissions.FirstOrDefault(p => p.FullName == fullName)?.Name ?? fullName;

    public bool MayGrant(string fullName) => Permissions.Any(p => p.FullName == fullName && p.MayGrant);
}

/// <summary>One of the two holder lists of the object permissions page (users or groups), for its partial view.</summary>
internal sealed record HoldersModel(
    ObjectPermissionsPage Page,
    string Kind,
    string Title,
    IReadOnlyList<ObjectGrantHolder> Holders,
    int CurrentPage,
    bool More,
    string PageParameter,
    Func<int, string>? HolderUrl);
