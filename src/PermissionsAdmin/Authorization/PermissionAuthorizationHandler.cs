using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

/// <summary>
/// Answers <see cref="PermissionRequirement"/>s through the one checker; with an entity as the resource
/// (<c>AuthorizeAsync(User, post, "blog.change_post")</c>) through the object checker, under the same rule.
/// The checkers come from the request's services when a requirement is handled, not through the constructor: every
/// policy evaluation (a plain <c>[Authorize]</c> too) builds every registered handler, and most never need them.
/// </summary>
internal sealed class PermissionAuthorizationHandler(IServiceProvider services, PermissionCatalogue catalogue)
    : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var checker = services.GetRequiredService<IPermissionChecker>();
        var allowed = context.Resource is { } resource and not HttpContext && catalogue.FindContentType(resource.GetType()) is not null
            ? await HoldsOnObjectAsync(context, requirement, resource)
            : requirement.RequireAny
                ? await checker.HasAnyPermissionAsync(context.User, requirement.Permissions)
                : await checker.HasAllPermissionsAsync(context.User, requirement.Permissions);
        if (allowed) context.Succeed(requirement);
    }

    private async Task<bool> HoldsOnObjectAsync(AuthorizationHandlerContext context, PermissionRequirement requirement, object entity)
    {
        var objects = services.GetRequiredService<IObjectPermissionChecker>();
        foreach (var permission in requirement.Permissions)
        {
            var held = await objects.HasPermissionAsync(context.User, permission, entity);
            if (held && requirement.RequireAny) return true;
            if (!held && !requirement.RequireAny) return false;
        }
        return !requirement.RequireAny;
    }
}
