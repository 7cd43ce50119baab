using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// Requires a permission on the object named by a route value, e.g.
/// <c>[ObjectPermissionRequired(typeof(Post), "blog.change_post")]</c> on <c>/posts/{id}/edit</c>. Holds the
/// permission on this object (else 403), or, when the object does not exist, 404 only to a user who holds the
/// permission on the type or on at least one object of it, 403 to anyone else, so an id's existence does not leak.
/// An anonymous visitor passes on an object granted to anyone and is challenged everywhere else. The loaded entity is available to the action through <c>HttpContext.GetCheckedObject&lt;T&gt;()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ObjectPermissionRequiredAttribute(Type entityType, string permission)
    : Attribute, IAsyncAuthorizationFilter, IEndpointPermissions
{
    public Type EntityType { get; } = entityType;
    public string Permission { get; } = permission;

    /// <summary>The route value holding the object's key.</summary>
    public string RouteKey { get; set; } = "id";

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var visitor = http.User.Identity?.IsAuthenticated != true;
        if (visitor && !services.GetRequiredService<IOptions<PermissionsAdminOptions>>().Value.AnyoneObjectGrants)
        {
            context.Result = new ChallengeResult();
            return;
        }
        var db = services.GetRequiredService<PermissionsDbContext>();
        var entity = int.TryParse(context.RouteData.Values[RouteKey]?.ToString(), out var id) ? await db.FindAsync(EntityType, id) : null;
        if (entity is not null && await services.GetRequiredService<IObjectPermissionChecker>().HasPermissionAsync(http.User, Permission, entity))
        {
            http.Items[CheckedObjectExtensions.ItemKey] = entity;
            return;
        }
        if (visitor)
        {
            context.Result = new ChallengeResult();
            return;
        }
        // Refused. Holding the permission on this object implies holding it on the type, so the query that tells 404
        // from 403 runs only here, not on the requests that are let through.
        context.Result = entity is null && await MayActOnTypeAsync(services, db, http.User) ? new NotFoundResult() : new ForbidResult();
    }

    /// <summary>A model-level grant (when it covers objects), or an object grant (theirs or anyone's) on any object of the type.</summary>
    private async Task<bool> MayActOnTypeAsync(IServiceProvider services, PermissionsDbContext db, System.Security.Claims.ClaimsPrincipal user)
    {
        var subject = await services.GetRequiredService<PermissionSubjectStore>().FindAsync(user);
        if (subject is not { IsActive: true }) return false;
        if (subject.IsSuperuser) return true;
        var options = services.GetRequiredService<IOptions<PermissionsAdminOptions>>().Value;
        if (options.ModelPermissionsCoverObjects && await services.GetRequiredService<IPermissionChecker>().HasPermissionAsync(user, Permission)) return true;
        var (app, codename) = PermissionName.Parse(Permission);
        return await db.UserObjectPermissions.AnyAsync(g => g.UserId == subject.UserId && g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app)
            || await db.GroupObjectPermissions.AnyAsync(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app &&
                db.UserRoles.Any(m => m.UserId == subject.UserId && m.RoleId == g.GroupId))
            || options.AnyoneObjectGrants &&
               await db.AnyoneObjectPermissions.AnyAsync(g => g.Permission.Codename == codename && g.Permission.ContentType.AppLabel == app);
    }

    string? IEndpointPermissions.FindProblem(PermissionCatalogue catalogue, IReadOnlyList<string> httpMethods)
    {
        if (catalogue.FindContentType(EntityType) is not { } contentType) return $"Entity '{EntityType.FullName}' has no permissions in the catalogue";
        return catalogue.Find(Permission) is { } definition && definition.AppLabel == contentType.AppLabel && definition.Model == contentType.Model
            ? null
            : $"Unknown permission '{Permission}' for {contentType.AppLabel}.{contentType.Model}";
    }
}

/// <summary>The entity an <see cref="ObjectPermissionRequiredAttribute"/> loaded and checked for this request.</summary>
public static class CheckedObjectExtensions
{
    internal static readonly object ItemKey = new();

    public static T GetCheckedObject<T>(this Microsoft.AspNetCore.Http.HttpContext http) where T : class =>
        http.Items[ItemKey] as T ?? throw new InvalidOperationException(
            $"No {typeof(T).Name} was checked: put [ObjectPermissionRequired(typeof({typeof(T).Name}), ...)] on the action.");
}
