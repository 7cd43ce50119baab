using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// Assigns and removes object grants for users and groups (guardian's assign_perm / remove_perm), with the admin's
/// delegation rules: the actor needs change permission on the object's type and may grant only what they hold on
/// the object. Each call is one transaction with an audit entry in the object's history. A grant another writer
/// adds (or removes) at the same moment is found in place on a fresh read: the call succeeds and changes nothing.
/// </summary>
public sealed class ObjectPermissionAdministration(
    IOptions<PermissionsAdminOptions> options,
    PermissionsDbContext db,
    PermissionCatalogue catalogue,
    PermissionResolver permissions,
    DelegationRules rules,
    ActorAccessor actors,
    IObjectPermissionChecker checker,
    AuditLog audit)
{
    public Task AssignAsync(string permission, PermissionsUser user, params object[] objects) =>
        ChangeAsync(permission, objects, $"user {user.UserName}", Messages.Format("user {0}", user.UserName), add: true, existing: (t, p) => UserGrantsAsync(user.Id, t, p),
            create: (p, t, ct) => db.UserObjectPermissions.Add(new UserObjectPermission { UserId = user.Id, PermissionId = p, ContentTypeId = ct, ObjectId = t.ObjectId }));

    public Task RemoveAsync(string permission, PermissionsUser user, params object[] objects) =>
        ChangeAsync(permission, objects, $"user {user.UserName}", Messages.Format("user {0}", user.UserName), add: false, existing: (t, p) => UserGrantsAsync(user.Id, t, p), create: null);

    public Task AssignAsync(string permission, PermissionsGroup group, params object[] objects) =>
        ChangeAsync(permission, objects, $"group {group.Name}", Messages.Format("group {0}", group.Name), add: true, existing: (t, p) => GroupGrantsAsync(group.Id, t, p),
            create: (p, t, ct) => db.GroupObjectPermissions.Add(new GroupObjectPermission { GroupId = group.Id, PermissionId = p, ContentTypeId = ct, ObjectId = t.ObjectId }));

    public Task RemoveAsync(string permission, PermissionsGroup group, params object[] objects) =>
        ChangeAsync(permission, objects, $"group {group.Name}", Messages.Format("group {0}", group.Name), add: false, existing: (t, p) => GroupGrantsAsync(group.Id, t, p), create: null);

    /// <summary>
    /// Lets anyone, visitors included, hold the permission on the objects. Only the view permission of their type
    /// may be granted so: a visitor is nobody to hold accountable for a change.
    /// </summary>
    public Task AssignToAnyoneAsync(string permission, params object[] objects)
    {
        if (!options.Value.AnyoneObjectGrants)
        {
            throw new AdministrationException(Messages.Format("Grants to anyone are switched off on this site ({0}).",
                $"{PermissionsAdminOptions.SectionName}:{nameof(PermissionsAdminOptions.AnyoneObjectGrants)}"), "anyone");
        }
        foreach (var entity in objects)
        {
            var type = ObjectReference.Of(entity, db, catalogue).ContentType;
            if (permission != $"{type.AppLabel}.view_{type.Model}")
            {
                throw new AdministrationException(Messages.Format("Only {0} can be granted to anyone, not {1}.", $"{type.AppLabel}.view_{type.Model}", permission), "permission");
            }
        }
        return ChangeAsync(permission, objects, "anyone", Messages.Get("anyone"), add: true, existing: AnyoneGrantsAsync,
            create: (p, t, ct) => db.AnyoneObjectPermissions.Add(new AnyoneObjectPermission { PermissionId = p, ContentTypeId = ct, ObjectId = t.ObjectId }));
    }

    public Task RemoveFromAnyoneAsync(string permission, params object[] objects) =>
        ChangeAsync(permission, objects, "anyone", Messages.Get("anyone"), add: false, existing: AnyoneGrantsAsync, create: null);

    /// <summary>The holder is named twice: in English for the audit trail, which stores text, and in the reader's language for a refusal.</summary>
    private async Task ChangeAsync(
        string permissionName, object[] objects, string holderInAudit, string holderInMessage, bool add,
        Func<ObjectReference, int, Task<List<object>>> existing, Action<int, ObjectReference, int>? create)
    {
        var targets = objects.Select(o => (Entity: o, Reference: ObjectReference.Of(o, db, catalogue))).ToList();
        foreach (var (_, reference) in targets) reference.EnsureOwns(permissionName, catalogue);
        var permission = await permissions.ResolveAsync(permissionName);
        foreach (var (entity, reference) in targets) await RequireMayGrantAsync(permissionName, entity, reference);

        await db.RetryWhenUnconditionalAsync(unconditional: true, () => db.InTransactionAsync(async () =>
        {
            foreach (var (entity, reference) in targets)
            {
                var current = await existing(reference, permission.Id);
                if (add == current.Count > 0) continue;
                if (add) create!(permission.Id, reference, permission.ContentTypeId);
                else db.RemoveRange(current);
                var changes = new AuditChanges();
                if (add) changes.GrantsAdded = [$"{holderInAudit}: {permissionName}"];
                else changes.GrantsRemoved = [$"{holderInAudit}: {permissionName}"];
                audit.Record(reference.TypeName, reference.ObjectId, ObjectDescription.Of(entity, reference.ContentType, reference.ObjectId),
                    AuditAction.Changed, changes);
            }
            await db.SaveChangesAsync();
        }), () => new ConcurrencyConflictException(
            Messages.Format("Someone else kept changing the grants of {0} at the same time; nothing was saved. Try again.", holderInMessage)));
        (checker as ObjectPermissionChecker)?.Forget();
    }

    /// <summary>A non-system actor needs change permission on the type and must hold the permission on the object.</summary>
    private async Task RequireMayGrantAsync(string permission, object entity, ObjectReference reference)
    {
        var actor = actors.Current;
        if (actor.IsSystem) return;
        await rules.RequirePermissionAsync($"{reference.ContentType.AppLabel}.change_{reference.ContentType.Model}");
        if (!await checker.HasPermissionAsync(actor.Principal!, permission, entity))
        {
            throw new AdministrationDeniedException(
                Messages.Format("You cannot grant {0} on this {1}: you do not hold it yourself.", permission, reference.ContentType.DisplayName));
        }
    }

    private async Task<List<object>> UserGrantsAsync(int userId, ObjectReference target, int permissionId) =>
        [.. await db.UserObjectPermissions
            .Where(g => g.UserId == userId && g.PermissionId == permissionId && g.ObjectId == target.ObjectId)
            .ToListAsync()];

    private async Task<List<object>> AnyoneGrantsAsync(ObjectReference target, int permissionId) =>
        [.. await db.AnyoneObjectPermissions
            .Where(g => g.PermissionId == permissionId && g.ObjectId == target.ObjectId)
            .ToListAsync()];

    private async Task<List<object>> GroupGrantsAsync(int groupId, ObjectReference target, int permissionId) =>
        [.. await db.GroupObjectPermissions
            .Where(g => g.GroupId == groupId && g.PermissionId == permissionId && g.ObjectId == target.ObjectId)
            .ToListAsync()];
}
