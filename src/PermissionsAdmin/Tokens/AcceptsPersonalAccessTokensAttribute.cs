using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PermissionsAdmin.Tokens;

/// <summary>
/// A request to this endpoint authenticates with a personal access token (<c>Authorization: Bearer pat_…</c>) or the
/// sign-in cookie, and must be signed in one way or the other (unless it also allows anonymous callers). Everywhere
/// else the app's own authentication stays as the app set it. The JSON API carries it; a site gives it to its own API
/// controllers (the attribute) or endpoint groups (<see cref="PersonalAccessTokenEndpointConventionBuilderExtensions.AcceptPersonalAccessTokens"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AcceptsPersonalAccessTokensAttribute : Attribute, IAuthorizeData
{
    public string? Policy { get; set; }

    public string? Roles { get; set; }

    /// <summary>The token-or-cookie scheme; not to be changed.</summary>
    public string? AuthenticationSchemes
    {
        get => PersonalAccessTokenDefaults.CookieOrTokenScheme;
        set => throw new NotSupportedException("Personal access tokens authenticate with their own scheme.");
    }

    internal static bool On(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<AcceptsPersonalAccessTokensAttribute>() is not null;
}

public static class PersonalAccessTokenEndpointConventionBuilderExtensions
{
    /// <summary>Lets requests to these endpoints authenticate with a personal access token as well as the cookie.</summary>
    public static TBuilder AcceptPersonalAccessTokens<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AcceptsPersonalAccessTokensAttribute());
}
