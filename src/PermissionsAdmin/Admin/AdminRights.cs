using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Admin;

/// <summary>
/// What the signed-in user may do in the admin, read once per request through the checker (no query when cached).
/// As in Django, the view or the change permission opens a list or detail page; only change allows saving it.
/// </summary>
public sealed class AdminRights
{
    public const string ViewUser = AuthPermissions.ViewUser, AddUser = AuthPermissions.AddUser, ChangeUser = AuthPermissions.ChangeUser, DeleteUser = AuthPermissions.DeleteUser;
    public const string ViewGroup = AuthPermissions.ViewGroup, AddGroup = AuthPermissions.AddGroup, ChangeGroup = AuthPermissions.ChangeGroup, DeleteGroup = AuthPermissions.DeleteGroup;
    public const string ViewPermission = AuthPermissions.ViewPermission;
    public const string ViewAuditEntry = AuthPermissions.ViewAuditEntry;

    internal static readonly string[] All =
        [ViewUser, AddUser, ChangeUser, DeleteUser, ViewGroup, AddGroup, ChangeGroup, DeleteGroup, ViewPermission, ViewAuditEntry];

    private readonly IReadOnlySet<string> _held;

    internal AdminRights(int userId, string userName, bool isStaff, bool isSuperuser, IReadOnlySet<string> held)
    {
        UserId = userId;
        UserName = userName;
        IsStaff = isStaff;
        IsSuperuser = isSuperuser;
        _held = held;
    }

    public int UserId { get; }
    public string UserName { get; }

    /// <summary>An active staff user: may enter the admin.</summary>
    public bool IsStaff { get; }

    /// <summary>An active superuser.</summary>
    public bool IsSuperuser { get; }

    public bool Has(string permission) => IsSuperuser || _held.Contains(permission);

    // A permission the entity trimmed (null) is held by nobody, superusers included: it said it is never done.
    public bool CanView(AdminEntity entity) => Holds(entity.ViewPermission) || Holds(entity.ChangePermission);
    public bool CanAdd(AdminEntity entity) => entity.CanBeAdded && Holds(entity.AddPermission);
    public bool CanChange(AdminEntity entity) => Holds(entity.ChangePermission);
    public bool CanDelete(AdminEntity entity) => Holds(entity.DeletePermission);

    /// <summary>Whether the user may change <paramref name="field"/> of an existing object (its field permission, if any).</summary>
    public bool CanChange(AdminField field) => field.Permission is null || Has(field.Permission);

    private bool Holds(string? permission) => permission is not null && Has(permission);

    public bool ViewUsers => Has(ViewUser) || Has(ChangeUser);
    public bool AddUsers => Has(AddUser) && Has(ChangeUser);
    public bool ChangeUsers => Has(ChangeUser);
    public bool DeleteUsers => Has(DeleteUser);
    public bool ViewGroups => Has(ViewGroup) || Has(ChangeGroup);
    public bool AddGroups => Has(AddGroup);
    public bool ChangeGroups => Has(ChangeGroup);
    public bool DeleteGroups => Has(DeleteGroup);
    public bool ViewPermissions => Has(ViewPermission);
    public bool ViewHistory => Has(ViewAuditEntry);

    /// <summary>Whether the dashboard's "Authentication and authorization" part has anything for the user.</summary>
    public bool SeesAuthentication => ViewUsers || AddUsers || ViewGroups || AddGroups || ViewPermissions || ViewHistory;
}

/// <summary>The current request's <see cref="AdminRights"/>; null for anonymous visitors and deleted accounts.</summary>
internal sealed class AdminRightsAccessor(
    IHttpContextAccessor http, PermissionSubjectStore subjects, IPermissionChecker checker, IOptions<IdentityOptions> identity,
    AdminEntities entities)
{
    private AdminRights? _rights;
    private bool _loaded;

    public async Task<AdminRights?> GetAsync()
    {
        if (_loaded) return _rights;
        var user = http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());
        var subject = await subjects.FindAsync(user);
        if (subject is not null)
        {
            var held = new HashSet<string>(StringComparer.Ordinal);
            foreach (var permission in AdminRights.All.Concat(entities.Permissions))
            {
                if (await checker.HasPermissionAsync(user, permission)) held.Add(permission);
            }
            var name = user.FindFirstValue(identity.Value.ClaimsIdentity.UserNameClaimType) ?? $"user {subject.UserId}";
            _rights = new AdminRights(subject.UserId, name, subject is { IsActive: true, IsStaff: true },
                subject is { IsActive: true, IsSuperuser: true }, held);
        }
        _loaded = true;
        return _rights;
    }
}
