using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PermissionsAdmin.Security;

namespace PermissionsAdmin.Api;

/// <summary>
/// GET /api/v1/reference: a page people read, drawn in the browser from /openapi/v1.json by the library's own script
/// (api-reference.js), so it never disagrees with the document and needs no CDN. Open to anyone, like the document:
/// it describes the API, it grants nothing. It runs no inline script or style, so the admin's security headers fit.
/// </summary>
internal static class ApiReferencePage
{
    public const string Path = "/reference";

    public static ContentHttpResult Render(HttpRequest request)
    {
        SecurityHeaders.Apply(request.HttpContext.Response);
        var origin = WebUtility.HtmlEncode($"{request.Scheme}://{request.Host}{request.PathBase}");
        var prefix = PermissionsApiEndpointRouteBuilderExtensions.Prefix;
        return TypedResults.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex, nofollow">
                <title>API reference | PermissionsAdmin</title>
                <link rel="stylesheet" href="/_content/PermissionsAdmin/lib/bootstrap/css/bootstrap.min.css">
                <link rel="stylesheet" href="/_content/PermissionsAdmin/css/api-reference.css">
            </head>
            <body class="api-reference">
                <header class="api-header">
                    <div class="container-xl py-3">
                        <h1 class="h3 mb-1" id="api-title">PermissionsAdmin API</h1>
                        <p class="mb-0 api-header-links">
                            <a href="/openapi/v1.json">OpenAPI document (/openapi/v1.json)</a>
                            <a href="/admin/tokens">Your access tokens</a>
                        </p>
                    </div>
                </header>
                <div class="container-xl py-4">
                    <div class="row g-4">
                        <nav class="col-lg-3 api-nav" aria-label="Operations" id="api-nav"></nav>
                        <main class="col-lg-9" id="content">
                            <p class="lead" id="api-description"></p>
                            <section class="api-card" aria-labelledby="getting-started">
                                <h2 id="getting-started">Getting started</h2>
                                <ol>
                                    <li>Create a personal access token: in the admin under <a href="/admin/tokens">Tokens</a>, or with the
                                        site's command <code>tokens create USER --name NAME</code>. It is shown once; keep it secret.</li>
                                    <li>Send it with every request:
                                        <pre><code>curl -H "Authorization: Bearer pat_…" {{origin}}{{prefix}}/me/permissions</code></pre></li>
                                    <li>Writes send JSON (<code>Content-Type: application/json</code>). Send a user's or group's
                                        <code>ETag</code> back as <code>If-Match</code> to be refused (412) instead of overwriting
                                        someone else's change.</li>
                                    <li>Lists answer <code>{ "items": [...], "nextCursor": "..." }</code>: pass <code>nextCursor</code> back as
                                        <code>?cursor=</code> for the next page; it is null on the last.</li>
                                    <li>Errors are <a href="https://www.rfc-editor.org/rfc/rfc7807">RFC 7807</a> problem details:
                                        <code>title</code>, <code>detail</code> and, for invalid input, <code>errors</code> by field.</li>
                                </ol>
                            </section>
                            <section class="api-card" aria-labelledby="authentication">
                                <h2 id="authentication">Authentication</h2>
                                <dl id="api-schemes"></dl>
                            </section>
                            <div id="api-operations">
                                <p class="text-body-secondary" id="api-loading">Loading the OpenAPI document…</p>
                                <noscript><p>This page draws the <a href="/openapi/v1.json">OpenAPI document</a> with a script; read the document itself without one.</p></noscript>
                            </div>
                            <section aria-labelledby="schemas">
                                <h2 id="schemas">Schemas</h2>
                                <div id="api-schemas"></div>
                            </section>
                        </main>
                    </div>
                </div>
                <script src="/_content/PermissionsAdmin/js/api-reference.js" data-document="/openapi/v1.json"></script>
            </body>
            </html>
            """, "text/html; charset=utf-8");
    }
}
