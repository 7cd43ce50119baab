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
/// /groups/{id}/members. As on the admin's group page, changing members is a change to each user: it needs the group
/// open (view or change group) and auth.change_user, and goes through the users' edit rules — a delegated
/// administrator adds only to groups whose permissions they all hold, never changes their own groups, and only a
/// superuser touches a superuser. All or nothing.
/// </summary>
internal static class GroupMembersEndpoints
{
    public static void MapGroupMembersApi(this RouteGroupBuilder groups)
    {
        groups.MapGet("/{id:int}/members", ListAsync).WithName("ListGroupMembers")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup)
            .WithSummary("The group's members in id order, a page at a time, with when each membership ends.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPut("/{id:int}/members", ReplaceAsync).WithName("ReplaceGroupMembers")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup).RequirePermission(AuthPermissions.ChangeUser)
            .WithSummary("Makes exactly these users the group's members.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPost("/{id:int}/members", AddAsync).WithName("AddGroupMember")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup).RequirePermission(AuthPermissions.ChangeUser)
            .WithSummary("Adds one user to the group, for good or until expiresAt; a member already in it changes nothing but its end.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapDelete("/{id:int}/members/{userId:int}", RemoveAsync).WithName("RemoveGroupMember")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup).RequirePermission(AuthPermissions.ChangeUser)
            .WithSummary("Removes one user from the group; the user stays.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<Page<GroupMember>>> ListAsync(
        int id, string? cursor, int? limit, PermissionsDbContext db, GroupAdministration groups)
    {
        await groups.GetAsync(id);
        return TypedResults.Ok(await GroupQueries.MembersAsync(db, id, ApiInput.AfterId(cursor), Cursor.Limit(limit)));
    }

    private static async Task<NoContent> ReplaceAsync(int id, ReplaceGroupMembersRequest body, GroupAdministration groups)
    {
        await groups.GetAsync(id);
        var userIds = ApiInput.Required(body.UserIds, "userIds", "List the ids of the users the group should have (an empty list for none).");
        await ApiInput.ReferencingAsync("userIds", () => groups.SetMembersAsync(id, userIds));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> AddAsync(int id, AddGroupMemberRequest body, GroupAdministration groups)
    {
        await groups.GetAsync(id);
        var userId = ApiInput.Required(body.UserId, "userId", "Give the id of the user to add.");
        var expiresAt = ApiInput.ExpiresAt(body.ExpiresAt);
        await ApiInput.ReferencingAsync("userId", () => groups.AddMembersAsync(id, [userId], expiresAt));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveAsync(int id, int userId, GroupAdministration groups)
    {
        await groups.GetAsync(id);
        await groups.RemoveMembersAsync(id, [userId]);
        return TypedResults.NoContent();
    }
}
