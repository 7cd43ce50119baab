using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using PermissionsAdmin.Model;
using PermissionsAdmin.Notices;

namespace PermissionsAdmin.Web.Account;

/// <summary>The header's link to the access page, with the signed-in user's unread-notice count.</summary>
public sealed class AccessLinkViewComponent(Notifier notifier, UserManager<PermissionsUser> users, IMemoryCache cache) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var unread = int.TryParse(users.GetUserId(UserClaimsPrincipal), System.Globalization.CultureInfo.InvariantCulture, out var userId)
            ? await UnreadNotices.CountAsync(cache, notifier, userId)
            : 0;
        return View(unread);
    }
}
