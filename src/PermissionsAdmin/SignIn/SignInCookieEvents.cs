using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Tokens;

namespace PermissionsAdmin.SignIn;

/// <summary>
/// The sign-in cookie's events. Every request re-validates the cookie against the cached account (no query when
/// warm): a deactivated user, or one whose security stamp changed (password changed elsewhere), is anonymous from
/// the next request on. The user's groups join the principal here, from the same cached account, for role checks.
/// Challenges redirect pages to the login page but answer APIs with 401; a forbidden request
/// gets 403, never a redirect to the login page (no redirect loop).
/// </summary>
internal sealed class SignInCookieEvents : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        // The page saying the database is unreachable cannot check the account (that needs the database): it is shown
        // as to a visitor, in a scope of its own (the status code pages' option) so the failed check is not reused,
        // and without the user the failed request may have been authenticated as.
        if (context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            context.RejectPrincipal();
            context.HttpContext.User = new ClaimsPrincipal(new ClaimsIdentity());
            return;
        }
        var services = context.HttpContext.RequestServices;
        var subject = await services.GetRequiredService<PermissionSubjectStore>().FindAsync(context.Principal!);
        var claimTypes = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (subject is { IsActive: true } && subject.SecurityStamp == context.Principal!.FindFirst(claimTypes.SecurityStampClaimType)?.Value)
        {
            // A new principal rather than the ticket's, so that a renewed cookie never carries the groups.
            context.ReplacePrincipal(new ClaimsPrincipal(
                context.Principal.Identities.Append(new GroupMembershipIdentity(subject.Groups, claimTypes.RoleClaimType))));
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApiRequest(context.HttpContext))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            // Where a personal access token is accepted, say so (RFC 6750): the caller sent no credentials at all.
            if (AcceptsPersonalAccessTokensAttribute.On(context.HttpContext.GetEndpoint()))
            {
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
            }
            return Task.CompletedTask;
        }
        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    /// <summary>
    /// API controllers, endpoints that accept tokens, anything under /api (where an app's own API conventionally lives),
    /// and callers that ask for JSON rather than HTML.
    /// </summary>
    internal static bool IsApiRequest(HttpContext http)
    {
        // While an exception is handled the request's endpoint is cleared; the handler's feature keeps it.
        var endpoint = http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint?.Metadata.GetMetadata<IApiBehaviorMetadata>() is not null) return true;
        if (AcceptsPersonalAccessTokensAttribute.On(endpoint)) return true;
        if (http.Request.Path.StartsWithSegments("/api")) return true;
        var accept = http.Request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
