using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PermissionsAdmin.Admin.Localization;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Security;

namespace PermissionsAdmin.Admin;

/// <summary>Marks an admin action open to everyone (the sign-in page); every other admin action needs an active staff user.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AdminPublicAttribute : Attribute;

/// <summary>
/// The base of the admin's controllers: the "Admin" area, its languages, antiforgery on every unsafe request, and the staff gate —
/// anonymous visitors and non-staff users are sent to the admin's sign-in page (which tells a signed-in non-staff user that a
/// staff account is needed). Authorization is the admin's own, so a site's fallback policy does not redirect to the
/// site's login page.
/// </summary>
[Area(AreaName)]
[MiddlewareFilter<AdminLocalizationPipeline>]
[Channel(ChannelAttribute.Admin)]
[AllowAnonymous]
[AutoValidateAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class AdminController : Controller
{
    public const string AreaName = "Admin";
    public const string SuccessKey = "PermissionsAdmin.Success";
    public const string ErrorKey = "PermissionsAdmin.Error";
    public const string RightsKey = "PermissionsAdmin.Rights";
    public const int PageSize = 50;

    /// <summary>How many suggestions a chooser (a foreign key, a user or group name) gets as one types.</summary>
    public const int SuggestedChoices = 20;

    private AdminRights? _rights;

    /// <summary>The signed-in staff user's rights (every action but the public ones runs only for staff).</summary>
    protected AdminRights Rights => _rights ?? throw new InvalidOperationException("Not an admin request.");

    /// <summary>The admin's strings in the request's language (the views have the same <c>T</c>).</summary>
    protected IStringLocalizer<AdminStrings> T => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<AdminStrings>>();

    /// <summary>Cancelled when the browser goes away: queries stop with it.</summary>
    protected CancellationToken Aborted => HttpContext.RequestAborted;

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        // Whether or not the application sends them itself: the admin is what an attacker would most like to frame.
        SecurityHeaders.Apply(Response);
        _rights = await HttpContext.RequestServices.GetRequiredService<AdminRightsAccessor>().GetAsync();
        ViewData[RightsKey] = _rights;
        var isPublic = context.ActionDescriptor.EndpointMetadata.OfType<AdminPublicAttribute>().Any();
        if (!isPublic && _rights is not { IsStaff: true })
        {
            var returnUrl = Request.PathBase + Request.Path + (Request.Method == HttpMethods.Get ? Request.QueryString : QueryString.Empty);
            context.Result = RedirectToAction("Login", "Dashboard", new { returnUrl });
            return;
        }
        await next();
    }

    /// <summary>403 inside the admin's layout.</summary>
    protected ViewResult Forbidden()
    {
        var view = View("Forbidden");
        view.StatusCode = StatusCodes.Status403Forbidden;
        return view;
    }

    /// <summary>404 inside the admin's layout; <paramref name="what"/> is the missing thing's name, in the request's language.</summary>
    protected ViewResult NotFoundPage(string what)
    {
        ViewData["Missing"] = what;
        var view = View("NotFound");
        view.StatusCode = StatusCodes.Status404NotFound;
        return view;
    }

    /// <summary>
    /// Django's answer to a list's query string naming what the list does not filter by (<c>?password__startswith=</c>):
    /// 400 rather than a list that silently ignores it, or that lets anyone probe a field by its prefix. Null when every
    /// parameter is one of <paramref name="allowed"/>.
    /// </summary>
    protected ViewResult? RefuseUnknownParameters(IEnumerable<string> allowed)
    {
        var known = allowed.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (Request.Query.Keys.FirstOrDefault(key => !known.Contains(key)) is not { } unknown) return null;
        ViewData["Message"] = T["Filtering by “{0}” is not allowed.", unknown].Value;
        var view = View("BadRequest");
        view.StatusCode = StatusCodes.Status400BadRequest;
        return view;
    }

    /// <summary>A message shown once on the next page (after the redirect).</summary>
    protected void Success(string message) => TempData[SuccessKey] = message;

    /// <summary>An error shown on the next page (after a redirect).</summary>
    protected void Error(string message) => TempData[ErrorKey] = message;

    /// <summary>
    /// Django's answer to an unknown id on a page the user may open: back to the list, saying so (<paramref name="what"/>
    /// in the request's language). A form posted for an object that is gone gets the 404 page instead.
    /// </summary>
    protected RedirectResult Gone(string what, object id, string listUrl)
    {
        Error(T["{0} with ID “{1}” doesn’t exist. Perhaps it was deleted?", $"{char.ToUpper(what[0], CultureInfo.CurrentCulture)}{what[1..]}", id]);
        return Redirect(listUrl);
    }
}
