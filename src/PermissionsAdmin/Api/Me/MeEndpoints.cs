using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Authorization;

namespace PermissionsAdmin.Api.Me;

/// <summary>
/// The caller's own permissions, for single-page front-ends that hide UI the way the perms tag helper does. Needs no
/// <c>auth.*</c> permission: anyone signed in may know what they hold.
/// </summary>
internal static class MeEndpoints
{
    public static void MapMeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/permissions", GetPermissionsAsync)
            .WithName("GetMyPermissions").WithTags("Me")
            .WithSummary("The signed-in caller's effective permissions (direct, through groups, or all for an active superuser).");
    }

    private static async Task<Ok<MyPermissions>> GetPermissionsAsync(
        ClaimsPrincipal user, PermissionSubjectStore subjects, IPermissionChecker checker, CancellationToken cancellationToken)
    {
        var subject = await subjects.FindAsync(user, cancellationToken);
        var permissions = await checker.GetAllPermissionsAsync(user, cancellationToken);
        return TypedResults.Ok(new MyPermissions(
            user.Identity?.Name ?? "",
            subject is { IsActive: true, IsSuperuser: true },
            permissions.Order(StringComparer.Ordinal).ToList()));
    }
}

/// <param name="IsSuperuser">An active superuser passes every check, also of permissions not listed.</param>
internal sealed record MyPermissions(string UserName, bool IsSuperuser, IReadOnlyList<string> Permissions);
