using System.Security.Claims;

namespace PermissionsAdmin.Tokens;

/// <summary>The names the token scheme uses: its scheme, the policy scheme in front of it, and its own claims.</summary>
public static class PersonalAccessTokenDefaults
{
    /// <summary>The bearer token scheme; also the <see cref="ClaimsIdentity.AuthenticationType"/> of its identities.</summary>
    public const string AuthenticationScheme = "Token";

    /// <summary>The scheme of the endpoints that accept tokens: a bearer token if the request has one, else the Identity cookie.</summary>
    public const string CookieOrTokenScheme = "CookieOrToken";

    public const string TokenIdClaimType = "token_id";
    public const string TokenNameClaimType = "token_name";

    /// <summary>True when <paramref name="principal"/> was authenticated by a personal access token.</summary>
    public static bool IsTokenPrincipal(ClaimsPrincipal? principal) =>
        principal?.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AuthenticationScheme) == true;
}
