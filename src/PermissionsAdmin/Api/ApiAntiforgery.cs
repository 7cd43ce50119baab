using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin.Api;

/// <summary>
/// Writes made with the site's sign-in cookie need the antiforgery token in the <c>RequestVerificationToken</c>
/// header (from <c>GET {API path}/antiforgery</c>), since a browser sends the cookie on any site's behalf. Writes made
/// with a bearer token need none: no browser attaches one by itself.
/// </summary>
internal sealed class ApiAntiforgery : IEndpointFilter
{
    /// <summary>The endpoint that hands out the token.</summary>
    public const string AntiforgeryEndpointName = "GetAntiforgeryToken";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && SignedInWithCookie(http))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                var tokenPath = http.RequestServices.GetRequiredService<LinkGenerator>().GetPathByName(http, AntiforgeryEndpointName);
                return TypedResults.Problem(
                    $"Writes signed in with the site's cookie need the antiforgery token: GET {tokenPath} and send its " +
                    "requestToken in the header it names. Scripts should use a personal access token instead.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid");
            }
        }
        return await next(context);
    }

    private static bool SignedInWithCookie(HttpContext http) =>
        http.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme);
}
