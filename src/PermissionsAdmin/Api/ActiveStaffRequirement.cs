using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;

namespace PermissionsAdmin.Api;

/// <summary>
/// Django's admin entry rule, applied to the API as to /admin: only an active staff user (by cookie or by one of
/// their tokens) gets in. Read from the cached account on every request, so demoting the owner stops their tokens
/// from the next request on.
/// </summary>
internal sealed class ActiveStaffRequirement : IAuthorizationRequirement;

/// <summary>Answers <see cref="ActiveStaffRequirement"/>; the store comes from the request's services on use, as in <see cref="PermissionAuthorizationHandler"/>.</summary>
internal sealed class ActiveStaffHandler(IServiceProvider services) : AuthorizationHandler<ActiveStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveStaffRequirement requirement)
    {
        if (await services.GetRequiredService<PermissionSubjectStore>().FindAsync(context.User) is { IsActive: true, IsStaff: true })
        {
            context.Succeed(requirement);
        }
    }
}
