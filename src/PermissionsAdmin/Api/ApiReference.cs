using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PermissionsAdmin.Security;
using Scalar.AspNetCore;

namespace PermissionsAdmin.Api;

/// <summary>
/// GET {API path}/reference: Scalar's reference for the API's OpenAPI document, its script served from the package by the site
/// itself. Nothing on the page reaches past the site: no fonts or telemetry from Scalar's servers, no AI agent, no
/// button that hands the document to Scalar's online client, and "Test Request" sends to the site that served the page.
/// </summary>
internal static class ApiReference
{
    /// <summary>Where the API's OpenAPI document is served (MapOpenApi's pattern).</summary>
    public static string DocumentPattern(string apiPath) => apiPath + "/openapi/{documentName}.json";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder endpoints, string apiPath) =>
        endpoints.MapScalarApiReference(apiPath + "/reference", (scalar, http) =>
        {
            scalar.WithOpenApiRoutePattern(DocumentPattern(apiPath))
                .AddDocument(PermissionsApiServiceCollectionExtensions.DocumentName)
                .WithTitle("API reference | PermissionsAdmin")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideClientButton()
                .HideDeveloperTools()
                // "/" against the page's own origin and path base, whatever host name the document was generated for.
                .AddServer("/")
                .WithDynamicBaseServerUrl(true)
                .AddPreferredSecuritySchemes([ApiDocumentDescription.TokenScheme])
                .WithOperationTitleSource(OperationTitleSource.Path)
                .ExpandAllTags()
                .WithNonce();
            ApplySecurityHeaders(http);
        });

    /// <summary>
    /// The site's headers, with the site's policy widened for this page alone (unless the application set its own):
    /// Scalar starts itself with an inline module script, allowed by this response's nonce (so injected script still
    /// is not), and its components inject style elements and attributes that carry no nonce, so inline styles are
    /// allowed. Scripts, connections, fonts and images stay the site's own.
    /// </summary>
    private static void ApplySecurityHeaders(HttpContext http)
    {
        SecurityHeaders.Apply(http.Response);
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            // Scalar makes the nonce after this callback, for the page it is about to write.
            if (http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce && headers.ContentSecurityPolicy == SecurityHeaders.ContentSecurityPolicy)
            {
                headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy
                    .Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
            }
            return Task.CompletedTask;
        });
    }
}
