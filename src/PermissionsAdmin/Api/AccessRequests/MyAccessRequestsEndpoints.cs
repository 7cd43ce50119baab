using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.AccessRequests;

namespace PermissionsAdmin.Api.AccessRequests;

/// <summary>
/// /me/access-requests and /me/requestable-groups: the signed-in caller asks for a group on its policy's terms, follows
/// their requests and withdraws one. Open to anyone signed in, as /me/permissions; <see cref="AccessRequestAdministration"/>
/// decides what each may ask for.
/// </summary>
internal static class MyAccessRequestsEndpoints
{
    public static void MapMyAccessRequestsApi(this RouteGroupBuilder signedIn)
    {
        var me = signedIn.MapGroup("/me").WithTags("Access requests");
        me.MapGet("/requestable-groups", RequestableAsync).WithName("ListMyRequestableGroups")
            .WithSummary("The groups the caller may ask for, with each policy's terms, what it grants and the caller's pending request of it.");
        me.MapGet("/access-requests", MineAsync).WithName("ListMyAccessRequests")
            .WithSummary("The caller's 50 newest requests, newest first, with their decisions.");
        me.MapGet("/access-requests/{id:int}", GetAsync).WithName("GetMyAccessRequest")
            .WithSummary("One of the caller's requests; someone else's is not found.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPost("/access-requests", RequestAsync).WithName("RequestAccess")
            .WithSummary("Asks for a group, for good or for a duration (30m, 8h, 7d), with a justification; its approvers are told.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        me.MapPost("/access-requests/{id:int}/withdraw", WithdrawAsync).WithName("WithdrawMyAccessRequest")
            .WithSummary("Withdraws one of the caller's pending requests.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<RequestableGroupResponse>>> RequestableAsync(AccessRequestAdministration requests) =>
        TypedResults.Ok<IReadOnlyList<RequestableGroupResponse>>((await requests.RequestableAsync()).Select(RequestableGroupResponse.Of).ToList());

    private static async Task<Ok<IReadOnlyList<MyAccessRequest>>> MineAsync(AccessRequestAdministration requests, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok<IReadOnlyList<MyAccessRequest>>((await requests.MineAsync()).Select(r => MyAccessRequest.Of(r, now)).ToList());
    }

    private static async Task<Ok<MyAccessRequest>> GetAsync(int id, AccessRequestAdministration requests, TimeProvider clock) =>
        TypedResults.Ok(MyAccessRequest.Of(await requests.GetMineAsync(id), clock.GetUtcNow().UtcDateTime));

    /// <summary>The group comes from the body: one that is not requestable is bad input (400 naming groupId), not a missing URL.</summary>
    private static async Task<Created<MyAccessRequest>> RequestAsync(
        CreateAccessRequest body, AccessRequestAdministration requests, TimeProvider clock, HttpContext http, LinkGenerator links)
    {
        var groupId = ApiInput.Required(body.GroupId, "groupId", "Give the id of the group to ask for (see /me/requestable-groups).");
        var duration = AccessRequestApi.ReadDuration(body.Duration, "duration");
        var request = await ApiInput.ReferencingAsync("groupId", () => requests.RequestAsync(groupId, body.Justification, duration));
        var created = MyAccessRequest.Of(await requests.GetMineAsync(request.Id), clock.GetUtcNow().UtcDateTime);
        return TypedResults.Created(links.GetPathByName(http, "GetMyAccessRequest", new { id = request.Id }), created);
    }

    private static async Task<NoContent> WithdrawAsync(int id, AccessRequestAdministration requests)
    {
        await requests.WithdrawAsync(id);
        return TypedResults.NoContent();
    }
}
