using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.SignIn;

namespace PermissionsAdmin.Availability;

/// <summary>
/// The database unreachable is no bug: 503 with Retry-After instead of 500. API callers get RFC 7807 problem
/// details; people get an empty 503 that the site's status code pages render as its own page (so that the site's
/// look is kept; they run in a scope of their own, see <c>SignInCookieEvents</c>). Handled, so nothing is logged per
/// request: <see cref="DatabaseHealth"/> logs the outage once.
/// </summary>
internal sealed class DatabaseUnavailableHandler(DatabaseHealth health) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsOutage(exception)) return false;
        health.ReportUnavailable(exception);
        var retryAfter = (int)DatabaseHealth.RetryAfter.TotalSeconds;
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers[HeaderNames.RetryAfter] = retryAfter.ToString(CultureInfo.InvariantCulture);
        if (SignInCookieEvents.IsApiRequest(httpContext))
        {
            await TypedResults.Problem(
                $"The database cannot be reached right now; try again in {retryAfter} seconds.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable").ExecuteAsync(httpContext);
        }
        return true;
    }
}
