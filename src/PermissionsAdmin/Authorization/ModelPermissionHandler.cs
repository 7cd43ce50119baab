using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Authorization;

/// <summary>Answers <see cref="ModelPermissionRequirement"/>s; takes the checker on use, as <see cref="PermissionAuthorizationHandler"/> does.</summary>
internal sealed class ModelPermissionHandler(IServiceProvider services, PermissionCatalogue catalogue)
    : AuthorizationHandler<ModelPermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ModelPermissionRequirement requirement)
    {
        if (context.Resource is not HttpContext http) return;
        var action = ModelPermissionRequirement.ActionFor(http.Request.Method);
        var contentType = catalogue.FindContentType(requirement.EntityType);
        if (action is null || contentType is null) return;
        if (await services.GetRequiredService<IPermissionChecker>().HasPermissionAsync(context.User, $"{contentType.AppLabel}.{action}_{contentType.Model}"))
        {
            context.Succeed(requirement);
        }
    }
}
