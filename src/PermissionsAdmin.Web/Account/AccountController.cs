using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Delegation;
using PermissionsAdmin.Groups;
using PermissionsAdmin.Model;
using PermissionsAdmin.SignIn;
using PermissionsAdmin.Users;
using PermissionsAdmin.Web.Data;

namespace PermissionsAdmin.Web.Account;

/// <summary>Sign-in by user name or e-mail, sign-out, change of password, and sign-up into a demo group.</summary>
[Route("account")]
public sealed partial class AccountController(
    AppDbContext db,
    UserManager<PermissionsUser> userManager,
    PermissionsSignInManager signInManager,
    UserAdministration userAdministration,
    GroupAdministration groupAdministration,
    ActorAccessor actors,
    ILogger<AccountController> logger) : Controller
{
    /// <summary>The one answer to every refused sign-in (unknown, wrong password, inactive, locked out), so it tells an outsider nothing.</summary>
    public const string InvalidCredentials = "Invalid user name or password. After too many failed attempts an account is locked for a while.";

    [HttpGet("login")]
    public IActionResult Login(string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        return View(new LoginForm());
    }

    [HttpPost("login")]
    public async Task<IActionResult> Login(LoginForm form, string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        // The checkbox sends true or false: anything else is a forged form, which the checkbox's tag helper could not
        // even show again (it throws on a value it cannot read as a flag).
        if (ModelState[nameof(form.RememberMe)] is { ValidationState: ModelValidationState.Invalid }) return BadRequest();
        if (!ModelState.IsValid) return View(form);

        var user = await FindByNameOrEmailAsync(form.UserNameOrEmail!);
        if (user is null)
        {
            // Spend the time a real check would, so the answer's speed does not tell which user names exist.
            signInManager.SpendPasswordCheck(form.Password!);
            return LoginFailed(form, InvalidCredentials);
        }
        var result = await signInManager.PasswordSignInAsync(user, form.Password!, form.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut) LogLockedOut(logger, user.Id);
        // Locked-out and inactive accounts get the same words as a wrong password.
        if (!result.Succeeded) return LoginFailed(form, InvalidCredentials);
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect("/");
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signInManager.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("password")]
    [Authorize]
    public IActionResult Password() => View(new ChangePasswordForm());

    [HttpPost("password")]
    [Authorize]
    public async Task<IActionResult> Password(ChangePasswordForm form)
    {
        if (!ModelState.IsValid) return View(form);
        PermissionsUser user;
        try
        {
            user = await userAdministration.ChangeOwnPasswordAsync(User, form.CurrentPassword!, form.NewPassword!);
        }
        catch (AdministrationException refused)
        {
            ModelState.AddModelError(refused.Field == "currentPassword" ? nameof(form.CurrentPassword) : nameof(form.NewPassword), refused.Message);
            return View(form);
        }
        // The new security stamp ends every other sign-in of this user; this one gets a fresh cookie and stays.
        await signInManager.RefreshSignInAsync(user);
        TempData.SetStatusMessage("Your password has been changed. Other devices signed in as you have been signed out.");
        return Redirect("/");
    }

    [HttpGet("register")]
    [RegistrationEnabled]
    public IActionResult Register() => View(new RegisterForm());

    [HttpPost("register")]
    [RegistrationEnabled]
    public async Task<IActionResult> Register(RegisterForm form)
    {
        if (form.Group is not null && !SignUpGroups.ByChoice.ContainsKey(form.Group))
        {
            ModelState.AddModelError(nameof(form.Group), "Choose Creator or Subscriber.");
        }
        if (!ModelState.IsValid) return View(form);
        var email = form.Email!.Trim();
        var normalizedEmail = userManager.NormalizeEmail(email);
        // E-mail addresses sign in too, so each may belong to one account only.
        if (await userManager.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail))
        {
            ModelState.AddModelError(nameof(form.Email), "That e-mail address already has an account.");
            return View(form);
        }

        var groupName = SignUpGroups.ByChoice[form.Group!].GroupName;
        PermissionsUser user;
        try
        {
            user = await CreateAccountInGroupAsync(form.UserName!.Trim(), email, form.Password!, groupName);
        }
        catch (AdministrationException refused)
        {
            // Identity's own words: a taken user name, a password that breaks the rules, ...
            ModelState.AddModelError("", refused.Message);
            return View(form);
        }
        await signInManager.SignInAsync(user, isPersistent: false);
        TempData.SetStatusMessage($"Welcome, {user.UserName}! You have joined the {groupName}.");
        return Redirect("/");
    }

    /// <summary>Creates the account and its membership together: afterwards both exist or neither does.</summary>
    private async Task<PermissionsUser> CreateAccountInGroupAsync(string userName, string email, string password, string groupName)
    {
        // A visitor holds no auth.* permission: the site itself acts, and only for the two sign-up groups.
        using var actor = actors.ActAs(Actor.System("web", $"self-registration ({userName})"));
        return await db.InTransactionAsync(async () =>
        {
            var user = await userAdministration.CreateAsync(userName, email, password);
            await groupAdministration.AddMemberAsync(await groupAdministration.FindAsync(groupName), user);
            return user;
        });
    }

    /// <summary>By user name, else by e-mail when exactly one account has it (e-mails need not be unique in Identity).</summary>
    private async Task<PermissionsUser?> FindByNameOrEmailAsync(string userNameOrEmail)
    {
        var byName = await userManager.FindByNameAsync(userNameOrEmail);
        if (byName is not null || !userNameOrEmail.Contains('@')) return byName;
        var normalizedEmail = userManager.NormalizeEmail(userNameOrEmail);
        var byEmail = await userManager.Users.Where(u => u.NormalizedEmail == normalizedEmail).Take(2).ToListAsync();
        return byEmail.Count == 1 ? byEmail[0] : null;
    }

    private ViewResult LoginFailed(LoginForm form, string message)
    {
        ModelState.AddModelError("", message);
        return View(form);
    }

    [LoggerMessage(1, LogLevel.Warning, "Sign-in refused: user {UserId} is locked out.")]
    private static partial void LogLockedOut(ILogger logger, int userId);
}
