using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PermissionsAdmin.Security;

/// <summary>
/// The response headers that keep a page from being framed, sniffed or made to run injected script. The admin runs no
/// inline script or style, so the policy allows only the site's own files (and data: images, which Bootstrap's CSS
/// uses for its icons); the API reference widens it for its own page (see <c>ApiReference</c>). A header the
/// application already set is left as it is.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy);
        headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
        headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
        headers.TryAdd("Referrer-Policy", ReferrerPolicy);
    }
}
