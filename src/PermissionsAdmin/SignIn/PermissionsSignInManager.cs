using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.SignIn;

/// <summary>
/// Identity's sign-in with Django's rules: inactive users cannot sign in; a sign-in records the last login. Every
/// password sign-in costs one password hash, refused or not, so its speed tells nothing about the account; signing
/// out renews the security stamp, so the ended session's cookie (and the user's others) no longer signs anyone in.
/// </summary>
public sealed class PermissionsSignInManager(
    UserManager<PermissionsUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PermissionsUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PermissionsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PermissionsUser> confirmation,
    TimeProvider clock)
    : SignInManager<PermissionsUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PermissionsUser user) => user.IsActive && await base.CanSignInAsync(user);

    /// <summary>
    /// Identity refuses an inactive or locked-out account before hashing the password, which answers in a fraction of
    /// the time a wrong password takes: spend the same work on those refusals.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(PermissionsUser user, string password, bool lockoutOnFailure)
    {
        if (await PreSignInCheck(user) is not { } refused) return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        SpendPasswordCheck(password);
        return refused;
    }

    /// <summary>The work of a password check, for sign-ins refused without one (an unknown user name).</summary>
    public void SpendPasswordCheck(string password) => UserManager.PasswordHasher.HashPassword(new PermissionsUser(), password);

    public override async Task SignOutAsync()
    {
        // Django's logout ends the session server-side; a cookie is its own session, so renew the stamp it carries.
        if (Context.User.Identity?.IsAuthenticated == true && await UserManager.GetUserAsync(Context.User) is { } user)
        {
            await UserManager.UpdateSecurityStampAsync(user);
        }
        await base.SignOutAsync();
    }

    public override async Task SignInWithClaimsAsync(
        PermissionsUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        user.LastLogin = clock.GetUtcNow().UtcDateTime;
        await UserManager.UpdateAsync(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }
}
