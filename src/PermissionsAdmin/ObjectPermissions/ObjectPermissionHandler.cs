using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// Answers <see cref="ObjectPermissionRequirement"/> for a request (the resource the authorization middleware passes):
/// loads the row named by the route value and asks the object checker. When the row does not exist, a user who holds
/// the permission on the type, or on at least one row of it, is told so (<see cref="ObjectNotFound"/>: 404), anyone else
/// is refused as for a row they may not see, so an id's existence does not leak. The services come from the request,
/// as in <see cref="PermissionAuthorizationHandler"/>.
/// </summary>
internal sealed class ObjectPermissionHandler(IServiceProvider services) : AuthorizationHandler<ObjectPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ObjectPermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http) return;
        var visitor = context.User.Identity?.IsAuthenticated != true;
        var options = services.GetRequiredService<IOptions<PermissionsAdminOptions>>().Value;
        if (visitor && !options.AnyoneObjectGrants) return;
        var db = services.GetRequiredService<PermissionsDbContext>();
        var entity = int.TryParse(http.GetRouteValue(requirement.RouteKey)?.ToString(), out var id) ? await db.FindAsync(requirement.EntityType, id) : null;
        if (entity is not null && await services.GetRequiredService<IObjectPermissionChecker>().HasPermissionAsync(context.User, requirement.Permission, entity))
        {
            http.Items[CheckedObjectExtensions.ItemKey] = entity;
            context.Succeed(requirement);
            return;
        }
        // Refused. Holding the permission on this object implies holding it on the type, so the query that tells 404
        // from 403 runs only here, not on the requests that are let through.
        if (!visitor && entity is null && await MayActOnTypeAsync(db, options, context.User, requirement.Permission))
        {
            context.Fail(new ObjectNotFound(this));
        }
    }

    /// <summary>A model-level grant (when it covers objects), or an object grant (theirs or anyone's) on any object of the type.</summary>
    private async Task<bool> MayActOnTypeAsync(PermissionsDbContext db, PermissionsAdminOptions options, ClaimsPrincipal user, string permission)
    {
        var subject = await services.GetRequiredService<PermissionSubjectStore>().FindAsync(user);
        if (subject is not { IsActive: true }) return false;
        if (subject.IsSuperuser) return true;
        if (options.ModelPermissionsCoverObjects && await services.GetRequiredService<IPermissionChecker>().HasPermissionAsync(user, permission)) return true;
        var (app, codename) = PermissionName.Parse(permission);
        return await db.UserObjectPermissions.AnyAsync(g => g.UserId == subject.UserId && g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app)
            || await db.GroupObjectPermissions.AnyAsync(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app &&
                db.UserRoles.Any(m => m.UserId == subject.UserId && m.RoleId == g.GroupId))
            || options.AnyoneObjectGrants &&
               await db.AnyoneObjectPermissions.AnyAsync(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app);
    }
}

/// <summary>Why an <see cref="ObjectPermissionRequirement"/> failed: the row does not exist, and the user may know it.</summary>
internal sealed class ObjectNotFound(IAuthorizationHandler handler) : AuthorizationFailureReason(handler, "The object does not exist.");
