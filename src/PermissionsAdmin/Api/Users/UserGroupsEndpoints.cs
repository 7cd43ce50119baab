using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Api.Users;

/// <summary>
/// /api/v1/users/{id}/groups: the groups chooser of the user's edit page. Every change is an edit handed to
/// <see cref="UserAdministration.UpdateAsync"/>, so adding to a group whose permissions the caller does not all hold,
/// or changing one's own groups, is refused as in the admin. Writes honour <c>If-Match</c> with the user's ETag.
/// </summary>
internal static class UserGroupsEndpoints
{
    public static void MapUserGroupsApi(this RouteGroupBuilder users)
    {
        users.MapGet("/{id:int}/groups", GetAsync)
            .WithName("GetUserGroups").RequireAnyPermission(AuthPermissions.ViewUser, AuthPermissions.ChangeUser).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The groups the user is in, with when each membership ends, and the user's ETag.");
        users.MapPut("/{id:int}/groups", ReplaceAsync)
            .WithName("ReplaceUserGroups").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Sets the complete set of groups the user is in.");
        users.MapPost("/{id:int}/groups/{groupId:int}", AddAsync)
            .WithName("AddUserToGroup").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Adds the user to a group, for good or until expiresAt (the body is optional); being in it already changes nothing but its end.");
        users.MapDelete("/{id:int}/groups/{groupId:int}", RemoveAsync)
            .WithName("RemoveUserFromGroup").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Removes the user from a group; the response carries the user's new ETag.");
    }

    private static async Task<Ok<UserGroups>> GetAsync(int id, UserAdministration users, PermissionsDbContext db, HttpContext http)
    {
        var user = await users.GetAsync(id);
        return TypedResults.Ok(http.Tagged(user.ConcurrencyStamp, await UserQueries.GroupsOfAsync(db, id)));
    }

    private static async Task<Ok<UserGroups>> ReplaceAsync(
        int id, ReplaceUserGroupsRequest body, UserAdministration users, PermissionsDbContext db, HttpContext http)
    {
        await users.GetAsync(id);
        var groupIds = ApiInput.Required(body.GroupIds, "groupIds",
            "List the ids of the groups the user should be in; an empty list removes them from all.");
        await users.UpdateAsync(id, ETags.ExpectedStamp(http.Request), new UserEdit { GroupIds = groupIds.Distinct().ToList() });
        return await GetAsync(id, users, db, http);
    }

    /// <summary>The body is optional, as it was before memberships could end: without it the membership is for good.</summary>
    private static async Task<Ok<UserGroups>> AddAsync(
        int id, int groupId, AddUserToGroupRequest? body, UserAdministration users, GroupAdministration groups, PermissionsDbContext db, HttpContext http)
    {
        var expiresAt = ApiInput.ExpiresAt(body?.ExpiresAt);
        await users.GetAsync(id);
        await groups.GetAsync(groupId);
        await users.UpdateAsync(id, ETags.ExpectedStamp(http.Request), new UserEdit { GroupIdsToAdd = [groupId], ExpiresAt = expiresAt });
        return await GetAsync(id, users, db, http);
    }

    private static async Task<NoContent> RemoveAsync(int id, int groupId, UserAdministration users, GroupAdministration groups, HttpContext http)
    {
        var user = await users.GetAsync(id);
        await groups.GetAsync(groupId);
        await users.UpdateAsync(id, ETags.ExpectedStamp(http.Request), new UserEdit { GroupIdsToRemove = [groupId] });
        http.Response.Headers.ETag = ETags.For(user.ConcurrencyStamp);
        return TypedResults.NoContent();
    }
}
