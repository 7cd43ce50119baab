using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Api.AccessRequests;

/// <summary>
/// /access-requests: the undecided requests the caller approves, and their decisions. Open to anyone signed in, staff or
/// not, since approvers are whoever a group's policy names; <see cref="AccessRequestAdministration"/> refuses (403) the
/// requester's own, an approver who does not hold all of the group's permissions, and anyone the policy does not name.
/// A request already decided, or whose group changed since it was asked for unless groupPermissions shows it seen, is
/// a 409.
/// </summary>
internal static class AccessRequestsEndpoints
{
    public static void MapAccessRequestsApi(this RouteGroupBuilder signedIn)
    {
        var requests = signedIn.MapGroup("/access-requests").WithTags("Access requests");
        requests.MapGet("", PendingAsync).WithName("ListPendingAccessRequests")
            .WithSummary("The undecided requests the caller is an approver of, oldest first, with what each would give and why the caller may not approve it, if so.");
        requests.MapPost("/{id:int}/approve", ApproveAsync).WithName("ApproveAccessRequest")
            .WithSummary("Approves a request (the body is optional); the last approval needed adds the membership, until the requested duration from now.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        requests.MapPost("/{id:int}/deny", DenyAsync).WithName("DenyAccessRequest")
            .WithSummary("Denies a request (the body is optional); one denial decides.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<PendingAccessRequestResponse>>> PendingAsync(AccessRequestAdministration requests) =>
        TypedResults.Ok<IReadOnlyList<PendingAccessRequestResponse>>((await requests.PendingAsync()).Select(PendingAccessRequestResponse.Of).ToList());

    private static async Task<NoContent> ApproveAsync(
        int id, ApproveAccessRequest? body, AccessRequestAdministration requests, PermissionCatalogue catalogue)
    {
        // What the approver saw is compared with the group as it is: a name that is no permission is a typo, not a change seen.
        if (body?.GroupPermissions?.Select(p => p ?? "").FirstOrDefault(p => !catalogue.Contains(p)) is { } unknown)
        {
            throw new AdministrationException($"Unknown permission '{unknown}'.", "groupPermissions");
        }
        await requests.ApproveAsync(id, body?.Comment, body?.GroupPermissions);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DenyAsync(int id, DenyAccessRequest? body, AccessRequestAdministration requests)
    {
        await requests.DenyAsync(id, body?.Comment);
        return TypedResults.NoContent();
    }
}
