using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Api.AccessRequests;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.Search;

namespace PermissionsAdmin.Api.Groups;

/// <summary>
/// /groups: list, get, create, rename and delete, under the admin's rules: the view or the change permission opens a
/// group, add/change/delete_group allow those writes, and a delegated administrator grants only what they hold
/// (<see cref="GroupAdministration"/>). A group's ETag is its concurrency stamp; If-Match refuses (412) a stale write.
/// </summary>
internal static class GroupsEndpoints
{
    public static void MapGroupsApi(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("Groups");

        groups.MapGet("", ListAsync).WithName("ListGroups")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup)
            .WithSummary("Groups whose name contains every word of q, in id order, a page at a time.")
            .ProducesValidationProblem();
        groups.MapGet("/{id:int}", GetAsync).WithName("GetGroup")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup)
            .WithSummary("One group with its permissions; the ETag is for If-Match on writes.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPost("", CreateAsync).WithName("CreateGroup")
            .RequirePermission(AuthPermissions.AddGroup)
            .WithSummary("Creates a group with permissions; a delegated administrator may give it only permissions they hold.")
            .ProducesValidationProblem();
        groups.MapPatch("/{id:int}", RenameAsync).WithName("RenameGroup")
            .RequirePermission(AuthPermissions.ChangeGroup)
            .WithSummary("Renames a group.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        groups.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteGroup")
            .RequirePermission(AuthPermissions.DeleteGroup)
            .WithSummary("Deletes a group; its members and permissions stay, only the memberships and grants go.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        groups.MapGroupPermissionsApi();
        groups.MapGroupMembersApi();
        groups.MapAccessPolicyApi();
    }

    private static async Task<Ok<Page<GroupSummary>>> ListAsync(
        PermissionsDbContext db, SubstringSearch search, string? q, string? cursor, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await GroupQueries.PageAsync(db, search, q, ApiInput.AfterId(cursor), Cursor.Limit(limit), cancellationToken));

    private static async Task<Ok<GroupResponse>> GetAsync(int id, HttpContext http, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.GetAsync(id);
        return TypedResults.Ok(http.Tagged(group.ConcurrencyStamp, await GroupQueries.ResponseAsync(db, group)));
    }

    private static async Task<Created<GroupResponse>> CreateAsync(
        CreateGroupRequest body, HttpContext http, LinkGenerator links, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.CreateAsync(GroupNameRule.Check(body.Name), body.Permissions ?? []);
        var response = http.Tagged(group.ConcurrencyStamp, await GroupQueries.ResponseAsync(db, group));
        return TypedResults.Created(links.GetPathByName(http, "GetGroup", new { id = group.Id }), response);
    }

    private static async Task<Ok<GroupResponse>> RenameAsync(
        int id, RenameGroupRequest body, HttpContext http, PermissionsDbContext db, GroupAdministration groups)
    {
        var group = await groups.GetAsync(id);
        await groups.UpdateAsync(id, ETags.ExpectedStamp(http.Request), GroupNameRule.Check(body.Name), null);
        return TypedResults.Ok(http.Tagged(group.ConcurrencyStamp, await GroupQueries.ResponseAsync(db, group)));
    }

    private static async Task<NoContent> DeleteAsync(int id, HttpRequest request, GroupAdministration groups)
    {
        await groups.DeleteAsync(id, ETags.ExpectedStamp(request));
        return TypedResults.NoContent();
    }
}
