using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PermissionsAdmin.Benchmarks.Site;

/// <summary>
/// Signs every request in as <see cref="SignedInUser"/> with Identity's user id claim, as the sign-in cookie would,
/// without the cookie's decryption, so a round trip measures authorization rather than data protection.
/// </summary>
internal sealed class BenchAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SignedInUser user,
    IOptions<IdentityOptions> identity) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bench";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var principal = Principal(user.Id, identity.Value);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    public static ClaimsPrincipal Principal(int userId, IdentityOptions identity) =>
        new(new ClaimsIdentity([new Claim(identity.ClaimsIdentity.UserIdClaimType, userId.ToString(CultureInfo.InvariantCulture))], SchemeName));
}
