using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin.Tokens;

internal static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// The token scheme, and a policy scheme made the default for authenticating, challenging and forbidding: a request
    /// with a bearer token to an endpoint that accepts tokens (<see cref="AcceptsPersonalAccessTokensAttribute"/>) is the
    /// token's, every other request the Identity cookie's (sign-in stays on the cookie), wherever the endpoints are
    /// mounted. Call after Identity has set its defaults, which this overrides.
    /// </summary>
    public static void AddPersonalAccessTokens(this IServiceCollection services)
    {
        services.AddScoped<TokenAdministration>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenDefaults.AuthenticationScheme, null)
            .AddPolicyScheme(PersonalAccessTokenDefaults.CookieOrTokenScheme, "Identity cookie or personal access token", policy =>
                policy.ForwardDefaultSelector = context =>
                    AcceptsPersonalAccessTokensAttribute.On(context) && PersonalAccessTokenHandler.BearerToken(context.Request) is not null
                        ? PersonalAccessTokenDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(authentication =>
        {
            authentication.DefaultAuthenticateScheme = PersonalAccessTokenDefaults.CookieOrTokenScheme;
            authentication.DefaultChallengeScheme = PersonalAccessTokenDefaults.CookieOrTokenScheme;
            authentication.DefaultForbidScheme = PersonalAccessTokenDefaults.CookieOrTokenScheme;
        });
    }
}
