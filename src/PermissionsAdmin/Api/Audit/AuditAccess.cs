using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Api.ObjectPermissions;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Api.Audit;

/// <summary>
/// Who may read which part of the log, as the admin's history pages decide: the whole log (any filters) needs
/// admin.view_auditentry, like /admin/history. Without it, one object's history is open to whoever may open that
/// object's history page — a user's with view or change user, a group's with view or change group, any other
/// object's with model-level change on its type — and only while the object exists (404 after the permission check).
/// </summary>
internal sealed class AuditAccess(
    ClaimsPrincipal user, IPermissionChecker checker, PermissionsDbContext db, PermissionCatalogue catalogue, DelegationRules rules)
{
    public async Task RequireAsync(AuditLogQuery query)
    {
        if (await checker.HasPermissionAsync(user, AuthPermissions.ViewAuditEntry)) return;
        if (string.IsNullOrWhiteSpace(query.ObjectType) || string.IsNullOrWhiteSpace(query.ObjectId))
        {
            throw new AdministrationDeniedException(
                $"You need the {AuthPermissions.ViewAuditEntry} permission to read the log. Without it you may read the history " +
                "(objectType and objectId) of a user, group or object you may open.");
        }
        var type = query.ObjectType.Trim();
        var id = query.ObjectId.Trim();
        var key = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        switch (type)
        {
            case UserAdministration.ObjectType:
                await RequireAnyAsync(AuthPermissions.ViewUser, AuthPermissions.ChangeUser);
                if (key is null || !await db.Users.AnyAsync(u => u.Id == key)) throw new AdministrationNotFoundException($"No user with id {id}.");
                break;
            case GroupAdministration.ObjectType:
                await RequireAnyAsync(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup);
                if (key is null || !await db.Roles.AnyAsync(r => r.Id == key)) throw new AdministrationNotFoundException($"No group with id {id}.");
                break;
            default:
                var objectType = await ObjectTarget.OpenTypeAsync(db, catalogue, rules, type);
                if (key is null || await db.FindAsync(objectType.ClrType, key.Value) is null) throw ObjectTarget.Missing(objectType, id);
                break;
        }
    }

    private async Task RequireAnyAsync(params string[] permissions)
    {
        if (!await checker.HasAnyPermissionAsync(user, permissions))
        {
            throw new AdministrationDeniedException($"You need {string.Join(" or ", permissions)} (or {AuthPermissions.ViewAuditEntry}) to read this history.");
        }
    }
}
