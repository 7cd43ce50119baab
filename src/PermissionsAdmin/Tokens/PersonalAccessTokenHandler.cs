using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Tokens;

/// <summary>
/// Authenticates <c>Authorization: Bearer pat_…</c> as the token's owner, with the claim types Identity uses (so the
/// permission checker, <c>User.Identity.Name</c> and roles work as with the cookie) plus the token's id and name.
/// Every request reads the token and its owner in one query, so a revoked token, an expired one or a deactivated
/// owner is refused from the next request on. A refusal is a 401 whose <c>WWW-Authenticate</c> says why.
/// </summary>
internal sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PermissionsDbContext db,
    IOptions<IdentityOptions> identityOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>How stale <see cref="PersonalAccessToken.LastUsedAt"/> may be: a write a minute at most, not one per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } text) return AuthenticateResult.NoResult();
        var hash = TokenSecret.Hash(text);
        var tokens = db.PersonalAccessTokens;
        var found = await tokens.AsNoTracking().Where(t => t.Hash == hash).Select(t => new
        {
            t.Id,
            t.Name,
            t.ExpiresAt,
            t.RevokedAt,
            t.LastUsedAt,
            t.UserId,
            t.User.UserName,
            t.User.Email,
            t.User.IsActive,
            Groups = db.UserRoles.Where(m => m.UserId == t.UserId)
                .Join(db.Roles, m => m.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
        }).FirstOrDefaultAsync(Context.RequestAborted);

        var now = TimeProvider.GetUtcNow().UtcDateTime;
        var refusal = found switch
        {
            null => "The token is unknown.",
            { RevokedAt: not null } => "The token has been revoked.",
            { ExpiresAt: { } expiresAt } when expiresAt <= now => "The token has expired.",
            { IsActive: false } => "The token's owner is inactive.",
            _ => null,
        };
        if (refusal is not null) return AuthenticateResult.Fail(new TokenRefusedException(refusal));

        if (found!.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await tokens.Where(t => t.Id == found.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var claimTypes = identityOptions.Value.ClaimsIdentity;
        var identity = new ClaimsIdentity(PersonalAccessTokenDefaults.AuthenticationScheme, claimTypes.UserNameClaimType, claimTypes.RoleClaimType);
        identity.AddClaim(new Claim(claimTypes.UserIdClaimType, found.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(claimTypes.UserNameClaimType, found.UserName ?? ""));
        if (found.Email is not null) identity.AddClaim(new Claim(claimTypes.EmailClaimType, found.Email));
        foreach (var group in found.Groups) identity.AddClaim(new Claim(claimTypes.RoleClaimType, group));
        identity.AddClaim(new Claim(PersonalAccessTokenDefaults.TokenIdClaimType, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(PersonalAccessTokenDefaults.TokenNameClaimType, found.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>401 with RFC 6750's challenge, naming why a token was refused.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (result.Failure is not TokenRefusedException refused)
        {
            Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
            return;
        }
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Bearer error=\"invalid_token\", error_description=\"{refused.Message}\"");
        // People read bodies, not headers: the problem details say the same.
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Invalid token", Detail = refused.Message },
        });
    }

    /// <summary>The bearer token of the request, or null when it has none.</summary>
    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>Why a presented token was refused; the message goes into the challenge, the token itself nowhere.</summary>
    private sealed class TokenRefusedException(string message) : Exception(message);
}
