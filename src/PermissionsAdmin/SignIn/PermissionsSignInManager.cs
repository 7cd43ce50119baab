using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.SignIn;

/// <summary>Identity's sign-in with Django's rules: inactive users cannot sign in; a sign-in records the last login.</summary>
public sealed class PermissionsSignInManager(
    UserManager<PermissionsUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PermissionsUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PermissionsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PermissionsUser> confirmation)
    : SignInManager<PermissionsUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PermissionsUser user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task SignInWithClaimsAsync(
        PermissionsUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        user.LastLogin = DateTime.UtcNow;
        await UserManager.UpdateAsync(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }
}
