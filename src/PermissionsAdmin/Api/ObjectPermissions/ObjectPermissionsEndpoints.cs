using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.ObjectPermissions;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Api.ObjectPermissions;

/// <summary>
/// /object-permissions/{type}/{id} (<c>/object-permissions/blog.post/5</c>): the user, group and anyone grants on one object,
/// added and removed through <see cref="ObjectPermissionAdministration"/>. As the admin's object page: model-level
/// change permission on the type (<c>blog.change_post</c>), and a delegated administrator grants and removes only
/// permissions they hold on the object. Each change is audited in the object's history.
/// </summary>
internal static class ObjectPermissionsEndpoints
{
    private const string Route = "/object-permissions/{type}/{id:int}";

    public static void MapObjectPermissionsApi(this RouteGroupBuilder api)
    {
        var objects = api.MapGroup(Route).WithTags("Object permissions")
            .ProducesProblem(StatusCodes.Status404NotFound);

        objects.MapGet("", GetAsync).WithName("GetObjectPermissions")
            .WithSummary("The users and groups holding grants on the object, and which permissions of its type the caller may grant on it.");
        objects.MapGet("/users", UsersAsync).WithName("ListObjectPermissionUsers")
            .WithSummary("The users holding grants on the object, in id order, a page at a time.")
            .ProducesValidationProblem();
        objects.MapGet("/groups", GroupsAsync).WithName("ListObjectPermissionGroups")
            .WithSummary("The groups holding grants on the object, in id order, a page at a time.")
            .ProducesValidationProblem();
        objects.MapPost("", GrantAsync).WithName("GrantObjectPermission")
            .WithSummary("Grants a permission of the object's type on the object to a user, a group or anyone; one already held changes nothing.")
            .ProducesValidationProblem();
        objects.MapDelete("/users/{userId:int}/{permission}", RevokeFromUserAsync).WithName("RevokeUserObjectPermission")
            .WithSummary("Removes a user's grant of the permission on the object.")
            .ProducesValidationProblem();
        objects.MapDelete("/groups/{groupId:int}/{permission}", RevokeFromGroupAsync).WithName("RevokeGroupObjectPermission")
            .WithSummary("Removes a group's grant of the permission on the object.")
            .ProducesValidationProblem();
        objects.MapDelete("/anyone/{permission}", RevokeFromAnyoneAsync).WithName("RevokeAnyoneObjectPermission")
            .WithSummary("Removes the grant of the permission on the object to anyone.")
            .ProducesValidationProblem();
    }

    private static async Task<Ok<ObjectPermissionsResponse>> GetAsync(
        string type, int id, int? limit, ClaimsPrincipal user, PermissionsDbContext db, PermissionCatalogue catalogue,
        DelegationRules rules, IObjectPermissionChecker checker)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        var held = await checker.GetPermissionsAsync(user, target.Entity);
        var options = target.Type.Permissions.Select(p => new ObjectPermissionOption(p.FullName, p.Name, held.Contains(p.FullName))).ToList();
        var size = Cursor.Limit(limit);
        return TypedResults.Ok(new ObjectPermissionsResponse(target.TypeName, id, ObjectDescription.Of(target.Entity, target.Type, id), options,
            await checker.AnyonePermissionsAsync(target.Entity), await ObjectGrantQueries.UsersAsync(db, target, null, size), await ObjectGrantQueries.GroupsAsync(db, target, null, size)));
    }

    private static async Task<Ok<Page<ObjectGrantHolder>>> UsersAsync(
        string type, int id, string? cursor, int? limit, PermissionsDbContext db, PermissionCatalogue catalogue, DelegationRules rules)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        return TypedResults.Ok(await ObjectGrantQueries.UsersAsync(db, target, ApiInput.AfterId(cursor), Cursor.Limit(limit)));
    }

    private static async Task<Ok<Page<ObjectGrantHolder>>> GroupsAsync(
        string type, int id, string? cursor, int? limit, PermissionsDbContext db, PermissionCatalogue catalogue, DelegationRules rules)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        return TypedResults.Ok(await ObjectGrantQueries.GroupsAsync(db, target, ApiInput.AfterId(cursor), Cursor.Limit(limit)));
    }

    private static async Task<NoContent> GrantAsync(
        string type, int id, GrantObjectPermissionRequest body, PermissionsDbContext db, PermissionCatalogue catalogue,
        DelegationRules rules, ObjectPermissionAdministration grants, UserAdministration users, GroupAdministration groups)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        var permission = ApiInput.RequiredText(body.Permission, "permission", $"Name the permission to grant, as app.codename of {target.TypeName}.");
        switch (body)
        {
            case { UserId: { } userId, GroupId: null, Anyone: null or false }:
                await grants.AssignAsync(permission, await ApiInput.ReferencingAsync("userId", () => users.GetAsync(userId)), target.Entity);
                break;
            case { UserId: null, GroupId: { } groupId, Anyone: null or false }:
                await grants.AssignAsync(permission, await ApiInput.ReferencingAsync("groupId", () => groups.GetAsync(groupId)), target.Entity);
                break;
            case { UserId: null, GroupId: null, Anyone: true }:
                await grants.AssignToAnyoneAsync(permission, target.Entity);
                break;
            default:
                throw new AdministrationException("Grant to a user (userId), a group (groupId) or anyone (anyone: true): give exactly one.", "userId");
        }
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RevokeFromUserAsync(
        string type, int id, int userId, string permission, PermissionsDbContext db, PermissionCatalogue catalogue,
        DelegationRules rules, ObjectPermissionAdministration grants, UserAdministration users)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        await grants.RemoveAsync(permission, await users.GetAsync(userId), target.Entity);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RevokeFromGroupAsync(
        string type, int id, int groupId, string permission, PermissionsDbContext db, PermissionCatalogue catalogue,
        DelegationRules rules, ObjectPermissionAdministration grants, GroupAdministration groups)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        await grants.RemoveAsync(permission, await groups.GetAsync(groupId), target.Entity);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RevokeFromAnyoneAsync(
        string type, int id, string permission, PermissionsDbContext db, PermissionCatalogue catalogue,
        DelegationRules rules, ObjectPermissionAdministration grants)
    {
        var target = await ObjectTarget.OpenAsync(db, catalogue, rules, type, id);
        await grants.RemoveFromAnyoneAsync(permission, target.Entity);
        return TypedResults.NoContent();
    }
}
