using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Api;
using PermissionsAdmin.Api.AccessRequests;
using PermissionsAdmin.Api.Audit;
using PermissionsAdmin.Api.Groups;
using PermissionsAdmin.Api.Me;
using PermissionsAdmin.Api.ObjectPermissions;
using PermissionsAdmin.Api.Permissions;
using PermissionsAdmin.Api.Users;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Tokens;

// In the library's root namespace, beside MapPermissionsAdmin, so a site needs no extra using.
namespace PermissionsAdmin;

public static class PermissionsApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the JSON API at <paramref name="path"/> (users, groups, permissions, object permissions, the caller's
    /// permissions, the audit log), its OpenAPI document at <paramref name="path"/>/openapi/permissionsadmin.json and
    /// Scalar's reference for it at <paramref name="path"/>/reference; the links it answers with are generated, so a PathBase works. Every
    /// endpoint requires the matching <c>auth.*</c> permission and changes things only through the administration
    /// services, so the admin's rules hold whichever door a change comes in by. Callers sign in with the site's
    /// cookie (writes then need the antiforgery header) or a personal access token. As /admin, the API admits only
    /// active staff users; only the caller's own permissions (/me/permissions), access requests (the caller's under
    /// /me, an approver's at /access-requests: the service decides who may) and the antiforgery token are open to
    /// anyone signed in.
    /// </summary>
    public static RouteGroupBuilder MapPermissionsApi(this IEndpointRouteBuilder endpoints, string path = "/api/v1")
    {
        PermissionsAdminServicesCheck.Ensure(endpoints.ServiceProvider, nameof(MapPermissionsApi));
        var signedIn = endpoints.MapJsonApiGroup(path)
            .WithMetadata(new ApiMount(path), new ChannelAttribute(ChannelAttribute.Api))
            .AcceptPersonalAccessTokens()
            .RequireAuthorization()
            .AddEndpointFilter<ApiAntiforgery>()
            .AddEndpointFilter<ApiErrors>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        signedIn.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName!, tokens.RequestToken!));
            })
            .WithName(ApiAntiforgery.AntiforgeryEndpointName).WithTags("Session")
            .WithSummary("The antiforgery token that cookie-authenticated writes send in the header it names.");
        signedIn.MapMeApi();
        signedIn.MapMyAccessRequestsApi();
        signedIn.MapAccessRequestsApi();
        var api = signedIn.MapGroup("").RequireAuthorization(staff => staff.AddRequirements(new ActiveStaffRequirement()));

        api.MapGroupsApi();
        api.MapPermissionCatalogueApi();
        api.MapObjectPermissionsApi();
        api.MapAuditApi();
        api.MapUsersApi();

        // Under the API's path and for its own document only: an app's documents, and its own MapOpenApi(), stay the app's.
        endpoints.MapOpenApi($"{path}/openapi/{{documentName:regex(^{PermissionsApiServiceCollectionExtensions.DocumentName}$)}}.json");
        // Beside the group rather than in it: the reference, like the document, is for anyone to read.
        endpoints.MapApiReference(path).AllowAnonymous();
        return api;
    }

    /// <summary>
    /// A group of minimal API endpoints that answer input the framework cannot read (<c>?page=abc</c>, a JSON member of
    /// the wrong type) with a 400 problem naming the field in every environment, as /api/v1 does, instead of a bare
    /// 400 in Production and an exception (500) in Development.
    /// </summary>
    public static RouteGroupBuilder MapJsonApiGroup(this IEndpointRouteBuilder endpoints, string prefix) =>
        ApiBadRequests.Throwing(endpoints).MapGroup(prefix).AnswerBadRequests();
}

/// <summary>Send <see cref="RequestToken"/> in the <see cref="HeaderName"/> header of cookie-authenticated writes.</summary>
public sealed record AntiforgeryToken(string HeaderName, string RequestToken);
