using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace PermissionsAdmin.ObjectPermissions;

/// <summary>
/// The framework's authorization result handler, but a refusal for <see cref="ObjectNotFound"/> is a 404. Replaces only
/// the framework's own handler: an app that registered its own keeps it, and such refusals stay 403s there.
/// </summary>
internal sealed class ObjectNotFoundResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r is ObjectNotFound) == true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return _framework.HandleAsync(next, context, policy, authorizeResult);
    }
}
