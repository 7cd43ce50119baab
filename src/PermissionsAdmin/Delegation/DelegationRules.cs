using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Delegation;

/// <summary>
/// Safe delegation, enforced where every change passes (admin, CLI, API): the actor needs the matching
/// <c>auth.*</c> permission, grants only what they hold, adds to a group only if they hold all of its permissions,
/// never changes their own grants, groups or flags (superusers aside), only a superuser touches superusers, and the
/// last active superuser stays.
/// </summary>
public sealed class DelegationRules(ActorAccessor actors, PermissionSubjectStore subjects, IPermissionChecker checker, PermissionsDbContext db)
{
    public async Task RequirePermissionAsync(string permission)
    {
        var actor = actors.Current;
        if (actor.IsSystem) return;
        if (!await checker.HasPermissionAsync(actor.Principal!, permission))
        {
            throw new AdministrationDeniedException($"You need the {permission} permission to do this.");
        }
    }

    public async Task<bool> ActorIsSuperuserAsync()
    {
        var actor = actors.Current;
        if (actor.IsSystem) return true;
        return await subjects.FindAsync(actor.Principal!) is { IsActive: true, IsSuperuser: true };
    }

    public async Task RequireSuperuserAsync(string what)
    {
        if (!await ActorIsSuperuserAsync()) throw new AdministrationDeniedException($"Only a superuser can {what}.");
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
                throw new AdministrationDeniedException($"You cannot grant {permission}: you do not hold it yourself.");
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
                $"You cannot add members to group '{groupName}': you do not hold all of its permissions.");
        }
    }

    public async Task RequireNotSelfAsync(int userId, string what)
    {
        if (actors.Current.UserId == userId && !await ActorIsSuperuserAsync())
        {
            throw new AdministrationDeniedException($"You cannot change your own {what}.");
        }
    }

    /// <summary>Only a superuser may change, delete or set the password of a superuser.</summary>
    public async Task RequireMayTouchAsync(PermissionsUser target)
    {
        if (target.IsSuperuser) await RequireSuperuserAsync($"change the superuser '{target.UserName}'");
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
                $"'{losing}' is the last active superuser; make another user a superuser first.");
        }
    }
}
