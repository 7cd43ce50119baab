using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

internal sealed class ModelPermissionHandler(IPermissionChecker checker, PermissionCatalogue catalogue)
    : AuthorizationHandler<ModelPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ModelPermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http) return;
        var action = ModelPermissionRequirement.ActionFor(http.Request.Method);
        var contentType = catalogue.FindContentType(requirement.EntityType);
        if (action is null || contentType is null) return;
        if (await checker.HasPermissionAsync(context.User, $"{contentType.AppLabel}.{action}_{contentType.Model}"))
        {
            context.Succeed(requirement);
        }
    }
}
