using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.AccessRequests;
using PermissionsAdmin.Admin.Entities;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Permissions;
using PermissionsAdmin.SignIn;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Admin.Dashboard;

/// <summary>The admin's home (what the user may see and their recent actions), and the admin's own sign-in and sign-out.</summary>
[Route("")]
public sealed class DashboardController(
    PermissionsDbContext db,
    UserManager<PermissionsUser> userManager,
    PermissionsSignInManager signInManager,
    PermissionCatalogue catalogue,
    AdminEntities entities,
    IObjectPermissionChecker objects,
    UserAdministration users,
    AccessRequestAdministration accessRequests) : AdminController
{
    /// <summary>The one answer to every refused sign-in (unknown, wrong password, not staff, inactive, locked out), so it tells an outsider nothing.</summary>
    public const string StaffOnly = "Please enter the correct user name and password for a staff account. " +
        "After too many failed attempts an account is locked for a while.";

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var (recent, _) = await AuditQueries.PageAsync(db, db.AuditEntries.AsNoTracking().Where(e => e.ActorId == Rights.UserId),
            page: 1, pageSize: 10, links: (catalogue, entities, Url));
        return View(new DashboardPage(await entities.VisibleToAsync(Rights, db, objects, User, HttpContext.RequestAborted), recent,
            await accessRequests.PendingCountAsync()));
    }

    [HttpGet("login")]
    [AdminPublic]
    public IActionResult Login(string? returnUrl)
    {
        if (ViewData[RightsKey] is AdminRights { IsStaff: true }) return LocalRedirect(SafeReturnUrl(returnUrl));
        ViewData["ReturnUrl"] = returnUrl;
        return View(new AdminLoginForm());
    }

    [HttpPost("login")]
    [AdminPublic]
    public async Task<IActionResult> Login(AdminLoginForm form, string? returnUrl)
    {
        ViewData["ReturnUrl"] = returnUrl;
        if (!ModelState.IsValid) return View(form);
        var user = await FindAsync(form.UserName!.Trim());
        if (user is not { IsActive: true, IsStaff: true })
        {
            // Spend the time a password check would, so the answer's speed tells nothing about the account.
            signInManager.SpendPasswordCheck(form.Password!);
            return Failed(form, T[StaffOnly]);
        }
        var result = await signInManager.PasswordSignInAsync(user, form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded) return Failed(form, T[StaffOnly]);
        return LocalRedirect(SafeReturnUrl(returnUrl));
    }

    /// <summary>The signed-in staff user's own password (Django's password_change), linked from the header.</summary>
    [HttpGet("password")]
    public IActionResult Password() => View(new ChangePasswordForm());

    [HttpPost("password")]
    public async Task<IActionResult> Password(ChangePasswordForm form)
    {
        if (!ModelState.IsValid) return View(form);
        try
        {
            var user = await users.ChangeOwnPasswordAsync(User, form.CurrentPassword!, form.NewPassword!);
            // The new security stamp ends every other sign-in of this user; this one gets a fresh cookie and stays.
            await signInManager.RefreshSignInAsync(user);
        }
        catch (AdministrationException refused)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(refused.Field == "currentPassword" ? nameof(form.CurrentPassword) : nameof(form.NewPassword), refused.Message);
            return View(form);
        }
        Success(T["Your password was changed. Other devices signed in as you have been signed out."]);
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("logout")]
    [AdminPublic]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        TempData[SuccessKey] = T["You have been signed out."].Value;
        return RedirectToAction(nameof(Login));
    }

    private ViewResult Failed(AdminLoginForm form, string message)
    {
        ModelState.AddModelError("", message);
        return View("Login", form);
    }

    private async Task<PermissionsUser?> FindAsync(string userNameOrEmail)
    {
        var byName = await userManager.FindByNameAsync(userNameOrEmail);
        if (byName is not null || !userNameOrEmail.Contains('@')) return byName;
        var normalized = userManager.NormalizeEmail(userNameOrEmail);
        var byEmail = await userManager.Users.Where(u => u.NormalizedEmail == normalized).Take(2).ToListAsync();
        return byEmail.Count == 1 ? byEmail[0] : null;
    }

    private string SafeReturnUrl(string? returnUrl)
    {
        var back = Url.LocalWithin(returnUrl, Url.AdminHome());
        // Never back to the sign-in page itself.
        return new PathString(back.Split('?')[0]).StartsWithSegments(Url.Action(nameof(Login))) ? Url.AdminHome() : back;
    }
}
