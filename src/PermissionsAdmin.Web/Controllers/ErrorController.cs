using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace PermissionsAdmin.Web.Controllers;

/// <summary>What an error page says.</summary>
public sealed record ErrorPage(int StatusCode, string Title, string Message);

/// <summary>
/// Friendly pages for error status codes (re-executed by the status-code-pages middleware, which SiteHost skips for
/// /api) and for unhandled exceptions. The status code is kept: a 403 stays a 403 and never turns into a redirect
/// to the sign-in page, so a signed-in user without a permission cannot end up in a loop.
/// </summary>
[Route("error")]
[IgnoreAntiforgeryToken] // Re-executes the original request, POSTs included, whose own token has already been judged.
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorController : Controller
{
    [Route("")]
    public IActionResult Exception() => Page(StatusCodes.Status500InternalServerError);

    // The code is read from the route, not bound: model binding skips every parameter of a request whose form it
    // cannot read (a NUL in a field, refused 400 by the antiforgery check), and a code left 0 showed "Page not found".
    [Route("{code:int}")]
    public IActionResult Status() =>
        Page(int.TryParse(RouteData.Values["code"] as string, CultureInfo.InvariantCulture, out var code) && code is >= 400 and <= 599
            ? code
            : StatusCodes.Status404NotFound);

    private ViewResult Page(int code)
    {
        var page = code switch
        {
            StatusCodes.Status400BadRequest => new ErrorPage(code, "Bad request",
                "The request could not be understood. If you were sending a form, it may have expired: go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => new ErrorPage(code, "Access denied",
                "Your account does not have permission to do that. Ask an administrator if you think it should."),
            StatusCodes.Status404NotFound => new ErrorPage(code, "Page not found",
                "There is nothing at this address. It may have been deleted, or the link may be mistyped."),
            StatusCodes.Status503ServiceUnavailable => new ErrorPage(code, "Temporarily unavailable",
                "The site cannot reach its database just now. Please try again in a few seconds."),
            >= 500 => new ErrorPage(code, "Something went wrong",
                "The site could not finish your request. The error has been logged; please try again later."),
            _ => new ErrorPage(code, ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase : $"Error {code}",
                "The site could not answer this request."),
        };
        var view = View("Error", page);
        view.StatusCode = code;
        return view;
    }
}
