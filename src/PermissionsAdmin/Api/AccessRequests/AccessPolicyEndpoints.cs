using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Api.AccessRequests;

/// <summary>
/// /groups/{id}/access-policy: whether and on what terms a group can be requested. Opened like the group (view or
/// change group); set and removed with auth.change_group by someone holding all of the group's permissions, and a
/// policy the configuration sets only by a superuser (<see cref="AccessRequestAdministration.SetPolicyAsync(int, AccessPolicySettings?)"/>). Not
/// covered by the group's ETag: it is its own record.
/// </summary>
internal static class AccessPolicyEndpoints
{
    public static void MapAccessPolicyApi(this RouteGroupBuilder groups)
    {
        groups.MapGet("/{id:int}/access-policy", GetAsync).WithName("GetGroupAccessPolicy")
            .RequireAnyPermission(AuthPermissions.ViewGroup, AuthPermissions.ChangeGroup)
            .WithSummary("The group's access policy; 404 when the group cannot be requested.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPut("/{id:int}/access-policy", SetAsync).WithName("SetGroupAccessPolicy")
            .RequirePermission(AuthPermissions.ChangeGroup)
            .WithSummary("Makes the group requestable on these terms, replacing its policy if it had one.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapDelete("/{id:int}/access-policy", RemoveAsync).WithName("RemoveGroupAccessPolicy")
            .RequirePermission(AuthPermissions.ChangeGroup)
            .WithSummary("Makes the group no longer requestable; its pending requests wait undecided until it is again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<AccessPolicyResponse>> GetAsync(int id, GroupAdministration groups, AccessRequestAdministration requests)
    {
        var group = await groups.GetAsync(id);
        var policy = await requests.GetPolicyAsync(id)
            ?? throw new AdministrationNotFoundException($"The group '{group.Name}' cannot be requested: it has no access policy.");
        return TypedResults.Ok(AccessPolicyResponse.Of(policy));
    }

    private static async Task<Ok<AccessPolicyResponse>> SetAsync(
        int id, SetAccessPolicyRequest body, GroupAdministration groups, AccessRequestAdministration requests)
    {
        await groups.GetAsync(id);
        await requests.SetPolicyAsync(id, new AccessPolicySettings
        {
            RequestPermission = body.RequestPermission,
            ApproverGroup = body.ApproverGroup,
            ApproverPermission = body.ApproverPermission,
            MaxDuration = AccessRequestApi.ReadDuration(body.MaxDuration, "maxDuration"),
            JustificationRequired = body.JustificationRequired ?? false,
            ApprovalsNeeded = body.ApprovalsNeeded ?? 1,
        });
        return TypedResults.Ok(AccessPolicyResponse.Of((await requests.GetPolicyAsync(id))!));
    }

    private static async Task<NoContent> RemoveAsync(int id, GroupAdministration groups, AccessRequestAdministration requests)
    {
        await groups.GetAsync(id);
        await requests.SetPolicyAsync(id, null);
        return TypedResults.NoContent();
    }
}
