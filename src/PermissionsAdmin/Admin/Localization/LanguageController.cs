using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace PermissionsAdmin.Admin.Localization;

/// <summary>The header's language selector: remembers the chosen language in the culture cookie and goes back.</summary>
[Route("language")]
public sealed class LanguageController(TimeProvider clock) : AdminController
{
    [HttpPost("")]
    [AdminPublic]
    public IActionResult Set(string? culture, string? returnUrl)
    {
        if (culture is null || !AdminCultures.Supported.Contains(culture)) return BadRequest();
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : Url.Action(nameof(Dashboard.DashboardController.Index), "Dashboard")!);
    }
}
