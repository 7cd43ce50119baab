using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Api.Groups;

/// <summary>
/// /groups/{id}/permissions: what the group grants its members. Changing it is a change to the group
/// (auth.change_group, the group's ETag and If-Match); a delegated administrator adds only permissions they hold.
/// Every write answers with the group's permissions and its new ETag.
/// </summary>
internal static class GroupPermissionsEndpoints
{
    public static void MapGroupPermissionsApi(this RouteGroupBuilder groups)
    {
        groups.MapGet("/{id:int}/permissions", GetAsync).WithName("GetGroupPermissions")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup)
            .WithSummary("The permissions the group grants its members.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPut("/{id:int}/permissions", ReplaceAsync).WithName("ReplaceGroupPermissions")
            .RequirePermission(AuthPermissions.ChangeGroup)
            .WithSummary("Sets the group's complete set of permissions.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        groups.MapPost("/{id:int}/permissions", GrantAsync).WithName("GrantGroupPermission")
            .RequirePermission(AuthPermissions.ChangeGroup)
            .WithSummary("Adds one permission to the group; one it already grants changes nothing.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        groups.MapDelete("/{id:int}/permissions/{permission}", RevokeAsync).WithName("RevokeGroupPermission")
            .RequirePermission(AuthPermissions.ChangeGroup)
            .WithSummary("Removes one permission from the group.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Ok<GroupPermissions>> GetAsync(int id, HttpContext http, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.GetAsync(id);
        return TypedResults.Ok(http.Tagged(group.ConcurrencyStamp, await GroupQueries.PermissionsOfAsync(db, id)));
    }

    private static async Task<Ok<GroupPermissions>> ReplaceAsync(
        int id, ReplaceGroupPermissionsRequest body, HttpContext http, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.GetAsync(id);
        var permissions = ApiInput.Required(body.Permissions, "permissions", "List the permissions the group should grant (an empty list for none).");
        await groups.SetPermissionsAsync(id, ETags.ExpectedStamp(http.Request), permissions);
        return TypedResults.Ok(http.Tagged(group.ConcurrencyStamp, await GroupQueries.PermissionsOfAsync(db, id)));
    }

    private static async Task<Ok<GroupPermissions>> GrantAsync(
        int id, GrantGroupPermissionRequest body, HttpContext http, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.GetAsync(id);
        var permission = ApiInput.RequiredText(body.Permission, "permission", "Name the permission to grant, as app.codename.");
        await groups.GrantAsync(group, permission, ETags.ExpectedStamp(http.Request));
        return TypedResults.Ok(http.Tagged(group.ConcurrencyStamp, await GroupQueries.PermissionsOfAsync(db, id)));
    }

    private static async Task<Ok<GroupPermissions>> RevokeAsync(
        int id, string permission, HttpContext http, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.GetAsync(id);
        await groups.RevokeAsync(group, permission, ETags.ExpectedStamp(http.Request));
        return TypedResults.Ok(http.Tagged(group.ConcurrencyStamp, await GroupQueries.PermissionsOfAsync(db, id)));
    }
}
