using Microsoft.AspNetCore.Authorization;

namespace PermissionsAdmin.Authorization;

/// <summary>Answers <see cref="PermissionRequirement"/>s through the one checker.</summary>
internal sealed class PermissionAuthorizationHandler(IPermissionChecker checker) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var allowed = requirement.RequireAny
            ? await checker.HasAnyPermissionAsync(context.User, requirement.Permissions)
            : await checker.HasAllPermissionsAsync(context.User, requirement.Permissions);
        if (allowed) context.Succeed(requirement);
    }
}
