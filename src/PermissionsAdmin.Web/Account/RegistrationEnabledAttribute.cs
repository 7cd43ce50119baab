using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Web.Demo;

namespace PermissionsAdmin.Web.Account;

/// <summary>
/// With <c>Demo:RegistrationEnabled</c> off, the sign-up pages answer 404 as if they did not exist. An authorization
/// filter, so it runs before the antiforgery check: a POST gets the same 404 as a GET.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RegistrationEnabledAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<DemoOptions>>();
        if (!options.Value.RegistrationEnabled) context.Result = new NotFoundResult();
    }
}
