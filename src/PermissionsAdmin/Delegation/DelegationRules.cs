using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Delegation;

/// <summary>
/// Safe delegation, enforced where every change passes (admin, CLI, API): the actor needs the matching
/// <c>auth.*</c> permission, grants only what they hold, adds to a group only if they hold all of its permissions,
/// acts on (edits, sets the password of, deletes...) only users who hold nothing they lack, never changes their own
/// grants, groups or flags (superusers aside), only a superuser touches superusers, and the last active superuser stays.
/// </summary>
public sealed class DelegationRules(ActorAccessor actors, PermissionSubjectStore subjects, IPermissionChecker checker, PermissionsDbContext db)
{
    public async Task RequirePermissionAsync(string permission)
    {
        var actor = actors.Current;
        if (actor.IsSystem) return;
        if (!await checker.HasPermissionAsync(actor.Principal!, permission))
        {
            throw new AdministrationDeniedException(Messages.Format("You need the {0} permission to do this.", permission));
        }
    }

    public async Task<bool> ActorIsSuperuserAsync()
    {
        var actor = actors.Current;
        if (actor.IsSystem) return true;
        return await subjects.FindAsync(actor.Principal!) is { IsActive: true, IsSuperuser: true };
    }

    /// <summary>Refuses a non-superuser; <paramref name="what"/> says what they tried, in the current language ("create a superuser").</summary>
    public async Task RequireSuperuserAsync(string what)
    {
        if (!await ActorIsSuperuserAsync()) throw new AdministrationDeniedException(Messages.Format("Only a superuser can {0}.", what));
    }

    /// <summary>A non-superuser may grant only permissions they hold themselves.</summary>
    public async Task RequireHoldsAsync(IEnumerable<string> permissions)
    {
        var actor = actors.Current;
        if (actor.IsSystem) return;
        foreach (var permission in permissions)
        {
            if (!await checker.HasPermissionAsync(actor.Principal!, permission))
            {
                throw new AdministrationDeniedException(Messages.Format("You cannot grant {0}: you do not hold it yourself.", permission));
            }
        }
    }

    /// <summary>A non-superuser may add someone to a group only when they hold every permission of that group.</summary>
    public async Task RequireHoldsGroupAsync(int groupId, string groupName)
    {
        var permissions = await db.GroupPermissions.Where(g => g.GroupId == groupId)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename).ToListAsync();
        try
        {
            await RequireHoldsAsync(permissions);
        }
        catch (AdministrationDeniedException)
        {
            throw new AdministrationDeniedException(
                Messages.Format("You cannot add members to group '{0}': you do not hold all of its permissions.", groupName));
        }
    }

    /// <summary>Refuses a non-superuser acting on themselves with <paramref name="refusal"/>, in the current language.</summary>
    public async Task RequireNotSelfAsync(int userId, string refusal)
    {
        if (actors.Current.UserId == userId && !await ActorIsSuperuserAsync())
        {
            throw new AdministrationDeniedException(refusal);
        }
    }

    /// <summary>
    /// Acting on a user (editing, deactivating, setting the password, unlocking, deleting) needs holding everything
    /// they hold, directly or through groups, and staff status if they have it: whoever could take over the account
    /// (set its password and sign in as it) would otherwise gain what it holds. Only a superuser acts on a superuser.
    /// </summary>
    public async Task RequireMayTouchAsync(PermissionsUser target)
    {
        if (target.IsSuperuser)
        {
            await RequireSuperuserAsync(Messages.Format("change the superuser '{0}'", target.UserName));
            return;
        }
        var actor = actors.Current;
        if (actor.UserId == target.Id || await ActorIsSuperuserAsync()) return;
        if (target.IsStaff && await subjects.FindAsync(actor.Principal!) is not { IsActive: true, IsStaff: true })
        {
            throw new AdministrationDeniedException(Messages.Format("You cannot change '{0}': they are staff and you are not.", target.UserName));
        }
        var direct = db.UserPermissions.Where(g => g.UserId == target.Id)
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename);
        var viaGroups = db.GroupPermissions.Where(g => db.UserRoles.Any(m => m.UserId == target.Id && m.RoleId == g.GroupId))
            .Select(g => g.Permission.ContentType.AppLabel + "." + g.Permission.Codename);
        foreach (var permission in (await direct.Concat(viaGroups).ToListAsync()).Distinct().Order(StringComparer.Ordinal))
        {
            if (!await checker.HasPermissionAsync(actor.Principal!, permission))
            {
                throw new AdministrationDeniedException(
                    Messages.Format("You cannot change '{0}': they hold {1}, which you do not hold yourself.", target.UserName, permission));
            }
        }
    }

    /// <summary>Refuses when the change would leave no active superuser.</summary>
    public async Task KeepLastSuperuserAsync(IReadOnlyCollection<int> losingSuperuser)
    {
        var remaining = await db.Users.AnyAsync(u => u.IsActive && u.IsSuperuser && !losingSuperuser.Contains(u.Id));
        var losing = await db.Users.Where(u => u.IsActive && u.IsSuperuser && losingSuperuser.Contains(u.Id))
            .Select(u => u.UserName).FirstOrDefaultAsync();
        if (losing is not null && !remaining)
        {
            throw new AdministrationException(
                Messages.Format("'{0}' is the last active superuser; make another user a superuser first.", losing));
        }
    }
}
