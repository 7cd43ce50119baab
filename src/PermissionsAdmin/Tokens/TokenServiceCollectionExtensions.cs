using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin.Tokens;

internal static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// The token scheme, and the policy scheme in front of it that the endpoints accepting tokens ask for
    /// (<see cref="AcceptsPersonalAccessTokensAttribute"/>): a request with a bearer token is the token's, any other the
    /// Identity cookie's. The app's default schemes are left as they are.
    /// </summary>
    public static void AddPersonalAccessTokens(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenDefaults.AuthenticationScheme, null)
            .AddPolicyScheme(PersonalAccessTokenDefaults.CookieOrTokenScheme, "Identity cookie or personal access token", policy =>
                policy.ForwardDefaultSelector = context =>
                    PersonalAccessTokenHandler.BearerToken(context.Request) is not null
                        ? PersonalAccessTokenDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme);
    }
}
