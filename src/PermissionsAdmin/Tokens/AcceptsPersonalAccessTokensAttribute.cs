using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PermissionsAdmin.Tokens;

/// <summary>
/// Endpoint metadata: a request to this endpoint may authenticate with a personal access token
/// (<c>Authorization: Bearer pat_…</c>); everywhere else only the sign-in cookie counts. The JSON API carries it; a
/// site gives it to its own API controllers (the attribute) or endpoint groups (<see cref="PersonalAccessTokenEndpointConventionBuilderExtensions.AcceptPersonalAccessTokens"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AcceptsPersonalAccessTokensAttribute : Attribute
{
    internal static bool On(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AcceptsPersonalAccessTokensAttribute>() is not null;
}

public static class PersonalAccessTokenEndpointConventionBuilderExtensions
{
    /// <summary>Lets requests to these endpoints authenticate with a personal access token as well as the cookie.</summary>
    public static TBuilder AcceptPersonalAccessTokens<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AcceptsPersonalAccessTokensAttribute());
}
