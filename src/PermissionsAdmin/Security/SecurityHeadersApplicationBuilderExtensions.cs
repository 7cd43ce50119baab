using Microsoft.AspNetCore.Builder;
using PermissionsAdmin.Security;

// In the library's root namespace, beside MapPermissionsAdmin, so a site needs no extra using.
namespace PermissionsAdmin;

public static class SecurityHeadersApplicationBuilderExtensions
{
    /// <summary>
    /// Sends <see cref="SecurityHeaders"/> on every response of the application (the admin's pages send them anyway).
    /// Put it first, so that static files and error pages get them too.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Before the rest of the pipeline, so antiforgery keeps DENY rather than adding its own SAMEORIGIN; again
            // on starting, since an exception handler clears the headers before it writes the error page.
            SecurityHeaders.Apply(context.Response);
            context.Response.OnStarting(() =>
            {
                SecurityHeaders.Apply(context.Response);
                return Task.CompletedTask;
            });
            return next(context);
        });
}
