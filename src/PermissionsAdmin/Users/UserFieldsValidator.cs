using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using PermissionsAdmin.Model;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Users;

/// <summary>
/// The one validation of a user's fields, for every door (admin, API, CLI): lengths the columns hold, a valid
/// e-mail, no control characters; then Identity's own rules (allowed characters, unique name). Identity's are
/// skipped when these fail, so a name that cannot be stored never reaches a database query.
/// </summary>
internal sealed class UserFieldsValidator(IdentityErrorDescriber describer) : IUserValidator<PermissionsUser>
{
    public const int MaxNameLength = 150;
    public const int MaxEmailLength = 254;

    private static readonly EmailAddressAttribute EmailFormat = new();
    private readonly UserValidator<PermissionsUser> _identity = new(describer);

    public async Task<IdentityResult> ValidateAsync(UserManager<PermissionsUser> manager, PermissionsUser user)
    {
        var errors = new List<IdentityError>();
        Text(errors, "UserName", Messages.Get("user name"), user.UserName, MaxNameLength);
        Text(errors, "Email", Messages.Get("e-mail address"), user.Email, MaxEmailLength);
        if (user.Email is { Length: > 0 } email && errors.Count == 0 && !EmailFormat.IsValid(email))
        {
            errors.Add(new IdentityError { Code = "InvalidEmail", Description = Messages.Get("Enter a valid e-mail address.") });
        }
        Text(errors, "FirstName", Messages.Get("first name"), user.FirstName, MaxNameLength);
        Text(errors, "LastName", Messages.Get("last name"), user.LastName, MaxNameLength);
        return errors.Count > 0 ? IdentityResult.Failed([.. errors]) : await _identity.ValidateAsync(manager, user);
    }

    /// <summary>Codes end with the field's name, which is how the services name the input at fault.</summary>
    private static void Text(List<IdentityError> errors, string field, string what, string? value, int maxLength)
    {
        if (value is null) return;
        if (value.Length > maxLength)
        {
            errors.Add(new IdentityError { Code = "TooLong" + field, Description = PlainText.TooLongMessage(what, maxLength) });
        }
        else if (PlainText.HasControlCharacters(value))
        {
            errors.Add(new IdentityError { Code = "ControlCharactersIn" + field, Description = PlainText.ControlCharactersMessage(what) });
        }
    }
}
