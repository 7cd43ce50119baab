using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Users;

/// <summary>
/// An e-mail address (compared normalized, so in any case) belongs to one account: sign-in by e-mail needs it to
/// name one user. Identity's <c>RequireUniqueEmail</c> would also make the address mandatory (Django's is optional)
/// and throws on duplicates that already exist; this refuses only setting an address another account has, so an
/// account that shares one from before can still be edited, deactivated or signed out.
/// </summary>
internal sealed class UniqueEmailValidator(PermissionsDbContext db, IdentityErrorDescriber describer) : IUserValidator<PermissionsUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<PermissionsUser> manager, PermissionsUser user)
    {
        var email = await manager.GetEmailAsync(user);
        if (string.IsNullOrWhiteSpace(email)) return IdentityResult.Success;
        var normalized = manager.NormalizeEmail(email);
        var stored = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.NormalizedEmail).FirstOrDefaultAsync();
        if (stored == normalized) return IdentityResult.Success;
        return await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id)
            ? IdentityResult.Failed(describer.DuplicateEmail(email))
            : IdentityResult.Success;
    }
}
