using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace PermissionsAdmin.Api;

/// <summary>The document's title and the two ways to authenticate: a personal access token, or the site's cookie.</summary>
internal sealed class ApiDocumentDescription : IOpenApiDocumentTransformer
{
    public const string TokenScheme = "personalAccessToken";
    public const string CookieScheme = "siteCookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "PermissionsAdmin API";
        document.Info.Description =
            "Users, groups, permissions, object permissions and the audit log, under the same rules as the admin: each " +
            "endpoint needs the matching auth.* permission, a delegated administrator grants only what they hold, and " +
            "every change is audited. Errors are RFC 7807 problem details. Lists are cursor-paginated: pass nextCursor " +
            "back as ?cursor=. Responses about one user or group carry an ETag; send it as If-Match to refuse (412) a " +
            "write when someone else changed the resource in between.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "pat_…",
            Description = "A personal access token (admin: Tokens, or `tokens create USER --name N`): `Authorization: Bearer pat_…`. " +
                "It acts with exactly its owner's permissions.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = ".AspNetCore.Identity.Application",
            Description = "The site's sign-in cookie, for pages of the same site. Writes also need the antiforgery token " +
                $"from GET {AntiforgeryPath(context)} in the header it names.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] });
        return Task.CompletedTask;
    }

    private static string AntiforgeryPath(OpenApiDocumentTransformerContext context) => "/" + context.DescriptionGroups
        .SelectMany(group => group.Items)
        .Single(d => d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().Any(n => n.EndpointName == ApiAntiforgery.AntiforgeryEndpointName))
        .RelativePath;
}
