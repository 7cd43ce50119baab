using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Api.Users;

/// <summary>
/// /api/v1/users/{id}/permissions: the user permissions chooser of the edit page, by name (<c>app.codename</c>), and
/// its effective permissions panel. Every change goes through <see cref="UserAdministration"/>, so granting what the
/// caller does not hold, or changing one's own, is refused as in the admin.
/// </summary>
internal static class UserPermissionsEndpoints
{
    public static void MapUserPermissionsApi(this RouteGroupBuilder users)
    {
        users.MapGet("/{id:int}/permissions", GetAsync)
            .WithName("GetUserPermissions").RequireAnyPermission(AuthPermissions.ViewUser, AuthPermissions.ChangeUser).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The permissions granted to the user directly, with when each ends, and the user's ETag.");
        users.MapPut("/{id:int}/permissions", ReplaceAsync)
            .WithName("ReplaceUserPermissions").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Sets the complete set of the user's direct permissions.");
        users.MapPost("/{id:int}/permissions", GrantAsync)
            .WithName("GrantUserPermission").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Grants one permission directly, for good or until expiresAt; holding it already changes nothing but its end.");
        users.MapDelete("/{id:int}/permissions/{permission}", RevokeAsync)
            .WithName("RevokeUserPermission").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Revokes a direct grant (grants through groups stay); the response carries the user's new ETag.");
        users.MapGet("/{id:int}/effective-permissions", GetEffectiveAsync)
            .WithName("GetUserEffectivePermissions").RequireAnyPermission(AuthPermissions.ViewUser, AuthPermissions.ChangeUser).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every permission the user holds through grants, with its sources (direct, groups).");
    }

    private static async Task<Ok<UserPermissions>> GetAsync(int id, UserAdministration users, PermissionsDbContext db, HttpContext http)
    {
        var user = await users.GetAsync(id);
        return TypedResults.Ok(http.Tagged(user.ConcurrencyStamp, await UserQueries.DirectPermissionsOfAsync(db, id)));
    }

    private static async Task<Ok<UserPermissions>> ReplaceAsync(
        int id, ReplaceUserPermissionsRequest body, UserAdministration users, PermissionResolver resolver, PermissionsDbContext db, HttpContext http)
    {
        await users.GetAsync(id);
        var names = ApiInput.Required(body.Permissions, "permissions",
            "List the permissions the user should hold directly, as app_label.codename; an empty list revokes all.");
        var wanted = (await resolver.ResolveAsync(names)).Select(p => p.Id).Distinct().ToList();
        await users.UpdateAsync(id, ETags.ExpectedStamp(http.Request), new UserEdit { PermissionIds = wanted });
        return await GetAsync(id, users, db, http);
    }

    private static async Task<Ok<UserPermissions>> GrantAsync(
        int id, GrantUserPermissionRequest body, UserAdministration users, PermissionsDbContext db, HttpContext http)
    {
        var expiresAt = ApiInput.ExpiresAt(body.ExpiresAt);
        var user = await users.GetAsync(id);
        await users.GrantAsync(user, body.Permission!, ETags.ExpectedStamp(http.Request), expiresAt);
        return await GetAsync(id, users, db, http);
    }

    private static async Task<NoContent> RevokeAsync(int id, string permission, UserAdministration users, HttpContext http)
    {
        var user = await users.GetAsync(id);
        await users.RevokeAsync(user, permission, ETags.ExpectedStamp(http.Request));
        http.Response.Headers.ETag = ETags.For(user.ConcurrencyStamp);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserEffectivePermissions>> GetEffectiveAsync(
        int id, UserAdministration users, PermissionsDbContext db, PermissionChoices choices)
    {
        var user = await users.GetAsync(id);
        var permissions = await EffectivePermissions.OfUserAsync(db, choices, id);
        return TypedResults.Ok(new UserEffectivePermissions(user.Id, user.UserName!, user.IsActive, user.IsSuperuser,
            permissions.Select(p => new EffectiveUserPermission(p.FullName, p.Label, p.Direct, p.ViaGroups)).ToList()));
    }
}
